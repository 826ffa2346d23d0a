import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { askEarly } from './app/early.js';
import './styles/app.scss';

// Before anything is drawn: who is signed in, and the record a link opens (then its form), asked together.
askEarly(window.location.pathname);
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// This release's page and files kept on the device, so a reload with the connection gone still
// opens the app (runtime/build/service-worker.ts). Without it (a browser that refuses, the
// development server) the app works as before, online.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => {}));
}
