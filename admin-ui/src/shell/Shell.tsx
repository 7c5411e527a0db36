import { useEffect, type ReactNode } from 'react';
import { adminRoutes } from '../admin/routes.js';
import { useFolio } from '../app-context.js';
import { DocumentsPage } from '../documents/DocumentsPage.js';
import { EditorPage } from '../editor/EditorPage.js';
import { Link, matchPath, useRouter } from '../router.js';
import { safeLogo } from './branding.js';
import { TenantSwitcher } from './TenantSwitcher.js';

function Redirect(props: { to: string }): ReactNode {
  const { navigate } = useRouter();
  useEffect(() => navigate(props.to, { replace: true }), [navigate, props.to]);
  return null;
}

function NotFound(): ReactNode {
  return (
    <section className="card">
      <h1>Not found</h1>
      <p>
        There is no page here. <Link to="/documents">Back to documents</Link>
      </p>
    </section>
  );
}

/** Picks the page for the current path. */
function Routes(): ReactNode {
  const { path } = useRouter();
  const { permissions } = useFolio();
  const allowed = adminRoutes.filter((r) => !r.permission || permissions.has(r.permission));
  if (path === '/' || path === '') return <Redirect to="/documents" />;
  if (path === '/documents') return <DocumentsPage />;
  const doc = matchPath('/documents/:id', path);
  if (doc) return <EditorPage key={doc.id} documentId={doc.id!} />;
  if (path === '/settings') {
    return allowed[0] ? <Redirect to={`/settings/${allowed[0].path}`} /> : <NotFound />;
  }
  const page = matchPath('/settings/:page', path);
  const route = page && allowed.find((r) => r.path === page.page);
  if (route) return <route.Component />;
  return <NotFound />;
}

/** The signed-in frame: branded top bar, navigation, the current page. */
export function Shell(): ReactNode {
  const { folio, me, tenant, permissions } = useFolio();
  const logo = safeLogo(tenant.branding);
  const admin = adminRoutes.filter((r) => !r.permission || permissions.has(r.permission));
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/documents" className="brand">
          {logo ? <img src={logo} alt="" /> : null}
          <span>{tenant.name}</span>
        </Link>
        <div className="grow" />
        <TenantSwitcher />
        <span className="user-name" title={me.user.email}>
          {me.user.displayName} <span className="badge">{me.role}</span>
        </span>
        <button className="btn btn-ghost" type="button" onClick={() => void folio.auth.logout()}>
          Sign out
        </button>
      </header>
      <div className="body-grid">
        <nav className="sidebar" aria-label="Main">
          <ul className="nav">
            <li>
              <Link to="/documents">Documents</Link>
            </li>
          </ul>
          {admin.length > 0 ? (
            <>
              <div className="nav-heading" id="nav-admin">
                Administration
              </div>
              <ul className="nav" aria-labelledby="nav-admin">
                {admin.map((r) => (
                  <li key={r.path}>
                    <Link to={`/settings/${r.path}`}>{r.label}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </nav>
        <main className="main" id="main" tabIndex={-1}>
          <Routes />
        </main>
      </div>
    </div>
  );
}
