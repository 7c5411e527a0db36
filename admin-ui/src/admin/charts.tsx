import { useId, type ReactNode } from 'react';

/** Formats a count or a byte size for people. */
export function formatAmount(value: number, unit: 'count' | 'bytes'): string {
  if (unit === 'count') return new Intl.NumberFormat().format(value);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

/**
 * Usage against a limit as a horizontal bar: an SVG with a <title> for assistive technology, and
 * the figures repeated as text next to it (the chart is never the only carrier of a number).
 */
export function QuotaBar(props: {
  label: string;
  used: number;
  limit: number | null;
  unit: 'count' | 'bytes';
}): ReactNode {
  const titleId = useId();
  const ratio = props.limit && props.limit > 0 ? Math.min(props.used / props.limit, 1) : 0;
  const percent = props.limit && props.limit > 0 ? (props.used / props.limit) * 100 : null;
  const level = percent === null ? 'ok' : percent >= 100 ? 'over' : percent >= 80 ? 'high' : 'ok';
  const usedText = formatAmount(props.used, props.unit);
  const limitText = props.limit === null ? 'no limit' : formatAmount(props.limit, props.unit);
  const summary = `${props.label}: ${usedText} of ${limitText}${percent === null ? '' : ` (${Math.round(percent)}%)`}`;
  return (
    <div className="adm-quota" data-level={level}>
      <div className="row">
        <span className="grow adm-quota-label">{props.label}</span>
        <span className="adm-quota-figures">
          {usedText} <span className="muted">/ {limitText}</span>
          {percent !== null && (
            <span className="muted">
              {' '}
              · {percent < 1 && props.used > 0 ? '<1' : Math.round(percent)}%
            </span>
          )}
        </span>
      </div>
      <svg
        className="adm-quota-bar"
        viewBox="0 0 100 8"
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={titleId}
      >
        <title id={titleId}>{summary}</title>
        <rect x="0" y="0" width="100" height="8" rx="2" className="adm-quota-track" />
        <rect x="0" y="0" width={ratio * 100} height="8" rx="2" className="adm-quota-fill" />
      </svg>
    </div>
  );
}

/** One day of a series. */
export interface SeriesPoint {
  date: string;
  value: number;
}

/**
 * A daily series as SVG columns with a <title>, plus a visually hidden table of the values so
 * screen-reader users get every number, not a picture.
 */
export function DailyChart(props: {
  label: string;
  points: SeriesPoint[];
  unit?: 'count' | 'bytes';
}): ReactNode {
  const titleId = useId();
  const unit = props.unit ?? 'count';
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const total = props.points.reduce((sum, p) => sum + p.value, 0);
  const width = Math.max(props.points.length, 1) * 10;
  const height = 60;
  const first = props.points[0]?.date;
  const last = props.points.at(-1)?.date;
  return (
    <figure className="adm-chart">
      <figcaption className="row">
        <span className="grow adm-quota-label">{props.label}</span>
        <span className="muted">
          {formatAmount(total, unit)} in {props.points.length} days
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="adm-chart-svg"
        role="img"
        aria-labelledby={titleId}
      >
        <title id={titleId}>
          {`${props.label}, ${first ?? ''} to ${last ?? ''}: ${formatAmount(total, unit)} in total, at most ${formatAmount(max === 1 && total === 0 ? 0 : max, unit)} a day`}
        </title>
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="adm-chart-axis" />
        {props.points.map((p, i) => {
          const h = (p.value / max) * (height - 4);
          return (
            <rect
              key={p.date}
              x={i * 10 + 1}
              y={height - h}
              width="8"
              height={h}
              className="adm-chart-col"
            >
              <title>{`${p.date}: ${formatAmount(p.value, unit)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="row adm-chart-range muted" aria-hidden="true">
        <span className="grow">{first}</span>
        <span>{last}</span>
      </div>
      <table className="visually-hidden">
        <caption>{props.label} per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {props.points.map((p) => (
            <tr key={p.date}>
              <td>{p.date}</td>
              <td>{formatAmount(p.value, unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
