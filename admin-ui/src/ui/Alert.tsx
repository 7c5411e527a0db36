import type { ReactNode } from 'react';
import { errorMessage } from '../api.js';

/** An error announced to assistive technology (role="alert"); renders nothing without one. */
export function ErrorAlert(props: { error: unknown; children?: ReactNode }): ReactNode {
  if (props.error === null || props.error === undefined) return null;
  return (
    <div className="alert alert-error" role="alert">
      {errorMessage(props.error)}
      {props.children}
    </div>
  );
}

/** A polite status message (role="status"). */
export function StatusMessage(props: { children: ReactNode }): ReactNode {
  return (
    <div className="alert alert-success" role="status">
      {props.children}
    </div>
  );
}
