import { useApp } from "../context";
import { formatAmount, formatCount } from "../format";
import type { Key } from "../i18n";
import type { Notice } from "../types";

/** The name of an område as shown: the core's "Ej klassificerat" in the user's language. */
export function areaName(area: string, t: (k: Key) => string): string {
  return area === "Ej klassificerat" ? t("common.unclassified") : area;
}

/** One report warning worded in the user's language, amounts in the chosen unit. */
export function noticeText(n: Notice, t: ReturnType<typeof useApp>["t"], kr: (v: string) => string): string {
  switch (n.kind) {
    case "over_frame":
      return n.category
        ? t("notice.overFrame", { name: `${n.area} ${n.category}`, outcome: kr(n.outcome), frame: kr(n.frame) })
        : t("notice.overTotalFrame", { name: n.area, outcome: kr(n.outcome), frame: kr(n.frame) });
    case "no_area":
      return t("notice.noArea", { n: formatCount(n.lines), sum: kr(n.outcome) });
    case "no_category":
      return t("notice.noCategory", { area: n.area, n: formatCount(n.lines) });
    case "no_budget":
      return t("notice.noBudget", { year: n.year });
    case "no_cost_type":
      return t("notice.noCostType", { n: formatCount(n.lines), sum: kr(n.outcome) });
    case "no_staff_hours":
      return t("notice.noStaffHours", { year: n.year });
    case "no_staff_budget":
      return t("notice.noStaffBudget", { year: n.year });
    case "no_assets":
      return t("notice.noAssets");
    case "assumed_in_service":
      return t("notice.assumedInService", { n: formatCount(n.projects) });
  }
}

/** A report's warnings as a list (nothing when there are none). */
export function Notices({ notices, id }: { notices: Notice[]; id?: string }) {
  const { t, unit } = useApp();
  if (notices.length === 0) return null;
  const kr = (v: string) => formatAmount(v, { unit, suffix: true });
  return (
    <ul className="warnings" id={id}>
      {notices.map((n, i) => (
        <li key={i}>{noticeText(n, t, kr)}</li>
      ))}
    </ul>
  );
}
