/**
 * The dashboards from the browser: one dashboard with its filters (GET /api/dashboards/{id}) and
 * the list behind one of its numbers (the API path each number's drill-down link gives), a page at a time.
 */
import { api } from './client.js';
import type { Dashboard, DashboardId, DrillPage } from '../dashboards/model.js';
import { dashboardApiPath, type AskedFilters } from '../dashboards/filters.js';

export const dashboardsApi = {
  async get(id: DashboardId, filters: AskedFilters): Promise<Dashboard> {
    return (await api.get<Dashboard>(dashboardApiPath(id, filters))).body;
  },
  /** A page of a drill-down list: its API path with where the page starts (the previous page's `next`). */
  async list(apiPath: string, after: string | null, limit: number): Promise<DrillPage> {
    const url = new URL(apiPath, 'http://x');
    if (after) url.searchParams.set('after', after);
    url.searchParams.set('limit', String(limit));
    return (await api.get<DrillPage>(`${url.pathname}${url.search}`)).body;
  },
};
