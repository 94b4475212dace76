import { amountToNumber, formatAmount, monthName } from "../format";

export interface MonthBar {
  /** YYYYMM */
  period: number;
  budget: string;
  outcome: string;
}

/**
 * Outcome against budget per month as paired vertical bars (SVG, no chart
 * library, no inline styles). Bar heights are geometry only; the figures
 * shown as text are formatted from the exact decimal strings.
 */
export function MonthChart({
  months,
  budgetLabel,
  outcomeLabel,
  title,
  lang,
}: {
  months: MonthBar[];
  budgetLabel: string;
  outcomeLabel: string;
  title: string;
  lang: "sv" | "en";
}) {
  const width = 820;
  const left = 56;
  const top = 28;
  const plotH = 200;
  const height = top + plotH + 40;
  const slot = (width - left) / 12;
  const barW = Math.min(22, slot / 2 - 4);
  const max = Math.max(1, ...months.flatMap((m) => [amountToNumber(m.budget), amountToNumber(m.outcome)]));
  const h = (v: string) => Math.max(0, (amountToNumber(v) / max) * plotH);
  const ticks = [0, 0.5, 1].map((f) => ({ y: top + plotH - f * plotH, v: (max * f).toFixed(2) }));
  return (
    <figure className="chart month-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <g className="legend" transform="translate(0,10)">
          <rect x={left} y={-8} width={12} height={10} className="bar-frame" />
          <text x={left + 18} y={1}>
            {budgetLabel}
          </text>
          <rect x={left + 110} y={-8} width={12} height={10} className="bar-outcome" />
          <text x={left + 128} y={1}>
            {outcomeLabel}
          </text>
        </g>
        {ticks.map((tk) => (
          <g key={tk.y}>
            <line x1={left} x2={width} y1={tk.y} y2={tk.y} className="grid" />
            <text x={left - 6} y={tk.y + 4} textAnchor="end" className="bar-value">
              {formatAmount(tk.v, { unit: "mnkr" })}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = left + i * slot + slot / 2;
          const over = amountToNumber(m.outcome) > amountToNumber(m.budget);
          const month = m.period % 100;
          return (
            <g key={m.period} className="month">
              <title>
                {`${monthName(month, lang)}: ${outcomeLabel} ${formatAmount(m.outcome, { suffix: true })}, ${budgetLabel} ${formatAmount(m.budget, { suffix: true })}`}
              </title>
              <rect x={x - barW - 1} y={top + plotH - h(m.budget)} width={barW} height={h(m.budget)} className="bar-frame" />
              <rect x={x + 1} y={top + plotH - h(m.outcome)} width={barW} height={h(m.outcome)} className={over ? "bar-outcome over" : "bar-outcome"} />
              <text x={x} y={top + plotH + 16} textAnchor="middle" className="bar-label">
                {monthName(month, lang).slice(0, 3)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{title} (mnkr)</figcaption>
    </figure>
  );
}
