import { amountToNumber, formatAmount } from "../format";

export interface Bar {
  label: string;
  group?: string;
  frame: string;
  outcome: string;
  over?: boolean;
}

/**
 * Frame vs outcome as horizontal bars (SVG, no chart library, no inline
 * styles — the CSP allows none). The bar length is geometry only; every
 * figure shown as text is formatted from the exact decimal string.
 */
export function BarChart({ bars, frameLabel, outcomeLabel, title }: { bars: Bar[]; frameLabel: string; outcomeLabel: string; title: string }) {
  const rowH = 34;
  const labelW = 170;
  const valueW = 120;
  const width = 760;
  const plotW = width - labelW - valueW;
  const max = Math.max(1, ...bars.flatMap((b) => [amountToNumber(b.frame), amountToNumber(b.outcome)]));
  const height = bars.length * rowH + 34;
  const scale = (v: string) => Math.max(0, (amountToNumber(v) / max) * plotW);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <g className="legend" transform="translate(0,10)">
          <rect x={labelW} y={-8} width={12} height={10} className="bar-frame" />
          <text x={labelW + 18} y={1}>
            {frameLabel}
          </text>
          <rect x={labelW + 150} y={-8} width={12} height={10} className="bar-outcome" />
          <text x={labelW + 168} y={1}>
            {outcomeLabel}
          </text>
        </g>
        {bars.map((b, i) => {
          const y = 26 + i * rowH;
          return (
            <g key={`${b.group ?? ""}/${b.label}`} transform={`translate(0,${y})`}>
              <text x={labelW - 8} y={16} textAnchor="end" className={b.group ? "bar-label" : "bar-label strong"}>
                {b.label}
              </text>
              <rect x={labelW} y={2} width={scale(b.frame)} height={12} className="bar-frame" />
              <rect x={labelW} y={15} width={scale(b.outcome)} height={12} className={b.over ? "bar-outcome over" : "bar-outcome"} />
              <text x={width - 4} y={12} textAnchor="end" className="bar-value">
                {formatAmount(b.frame, { unit: "mnkr", dashZero: true })}
              </text>
              <text x={width - 4} y={26} textAnchor="end" className={b.over ? "bar-value over" : "bar-value"}>
                {formatAmount(b.outcome, { unit: "mnkr", dashZero: true })}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{title} (mnkr)</figcaption>
    </figure>
  );
}
