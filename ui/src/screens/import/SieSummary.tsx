// An SIE file's preview: not a sheet with a header row but a standard
// export — what it is, whose and which year, what an import reads from it
// and whether its #KSUMMA held.

import { useApp } from "../../context";
import { formatCount } from "../../format";
import type { Kind, SiePreview } from "../../types";
import { fieldLabel } from "./fields";
import { scopeText } from "../ImportReplace";

export function SieSummary({ sie, kind }: { sie: SiePreview; kind: Kind }) {
  const { t, lang } = useApp();
  const type = sie.sie_type ? `SIE ${sie.sie_type}` : "SIE";
  return (
    <div id="sie-preview">
      <p>
        <strong>{type}</strong>
        {sie.company && ` · ${sie.company}`}
        {sie.years.length > 0 && ` · ${t("imp.sieYear", { year: sie.years[0] })}`}
      </p>
      <dl className="facts">
        {sie.program && (
          <>
            <dt>{t("imp.sieProgram")}</dt>
            <dd>{sie.program}</dd>
          </>
        )}
        <dt>{t("imp.sieEncoding")}</dt>
        <dd>{sie.encoding}</dd>
        {kind === "budget" ? (
          <>
            <dt>{t("imp.sieBudget")}</dt>
            <dd data-sie="budget">{formatCount(sie.budget_amounts)}</dd>
          </>
        ) : (
          <>
            <dt>{t("imp.sieVouchers")}</dt>
            <dd data-sie="vouchers">{formatCount(sie.vouchers)}</dd>
            <dt>{t("imp.sieLines")}</dt>
            <dd data-sie="lines">{formatCount(sie.transactions)}</dd>
          </>
        )}
        <dt>{t("imp.sieAccounts")}</dt>
        <dd>{formatCount(sie.accounts)}</dd>
        {sie.periods.length > 0 && (
          <>
            <dt>{t("imp.siePeriods")}</dt>
            <dd>{scopeText("ledger", sie.periods)}</dd>
          </>
        )}
        <dt>#KSUMMA</dt>
        <dd id="sie-checksum" className={sie.checksum ? "good" : "muted"}>
          {sie.checksum ? `✓ ${t("imp.sieChecksumOk")}` : t("imp.sieNoChecksum")}
        </dd>
        {sie.unbalanced_vouchers > 0 && (
          <>
            <dt>{t("imp.sieUnbalanced")}</dt>
            <dd className="bad">{formatCount(sie.unbalanced_vouchers)}</dd>
          </>
        )}
      </dl>
      {sie.dimensions.length > 0 && (
        <table className="preview" id="sie-dimensions">
          <caption>{t("imp.sieDimensions")}</caption>
          <thead>
            <tr>
              <th scope="col">#DIM</th>
              <th scope="col">{t("imp.sieDimName")}</th>
              <th scope="col">{t("imp.field")}</th>
              <th scope="col">{t("imp.sieObjects")}</th>
            </tr>
          </thead>
          <tbody>
            {sie.dimensions.map((d) => (
              <tr key={d.number}>
                <td>{d.number}</td>
                <td>{d.name}</td>
                <td>{d.field ? fieldLabel(d.field, lang) : t("imp.ignore")}</td>
                <td>{formatCount(d.objects)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">{t("imp.sieHelp")}</p>
    </div>
  );
}
