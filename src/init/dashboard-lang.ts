/**
 * The Grafana dashboard in another language: the shipped cutover-dashboard.json with its title,
 * description, panel and row titles and descriptions and its variables' labels taken from a
 * translation table beside it (cutover-dashboard.<lang>.json), matched by panel id. Queries,
 * legends and metric names stay as they are. A panel, row or variable the table does not cover
 * is an error, so a new panel cannot ship untranslated (a test applies the shipped table).
 */

export interface DashboardTranslation {
  title: string;
  description: string;
  /** Variable name → its label. */
  variables: Record<string, string>;
  /** Panel or row id → its title and, where the panel has one, its description. */
  panels: Record<string, { title: string; description?: string }>;
}

interface Panel {
  id: number;
  title?: string;
  description?: string;
  panels?: Panel[];
  [key: string]: unknown;
}

interface Dashboard {
  title: string;
  description?: string;
  panels: Panel[];
  templating?: { list: Array<{ name: string; label?: string; [key: string]: unknown }> };
  [key: string]: unknown;
}

/** The dashboard's JSON text with the translation applied; throws listing every untranslated item. */
export function translateDashboard(json: string, table: DashboardTranslation, file: string): string {
  const dashboard = JSON.parse(json) as Dashboard;
  const missing: string[] = [];
  const translatePanel = (panel: Panel): Panel => {
    const entry = table.panels[String(panel.id)];
    if (!entry) missing.push(`panel ${panel.id} "${panel.title ?? ''}"`);
    else if (panel.description && !entry.description)
      missing.push(`the description of panel ${panel.id} "${panel.title ?? ''}"`);
    return {
      ...panel,
      ...(entry ? { title: entry.title } : {}),
      ...(entry?.description && panel.description ? { description: entry.description } : {}),
      ...(panel.panels ? { panels: panel.panels.map(translatePanel) } : {}),
    };
  };
  const panels = dashboard.panels.map(translatePanel);
  const list = (dashboard.templating?.list ?? []).map((variable) => {
    const label = table.variables[variable.name];
    if (label === undefined) missing.push(`variable ${variable.name}`);
    return label === undefined ? variable : { ...variable, label };
  });
  if (missing.length > 0)
    throw new Error(`${file}: no translation for ${missing.join(', ')} of the Grafana dashboard`);
  const translated: Dashboard = {
    ...dashboard,
    title: table.title,
    ...(dashboard.description ? { description: table.description } : {}),
    panels,
    ...(dashboard.templating ? { templating: { ...dashboard.templating, list } } : {}),
  };
  return `${JSON.stringify(translated, null, 2)}\n`;
}
