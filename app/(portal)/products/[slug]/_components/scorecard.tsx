import type { Scorecard as ScorecardData } from "@/lib/catalog/datsis";

/** The DATSIS scorecard: one bar per dimension, and what to fix for each failed check. */
export function Scorecard({ scorecard }: { scorecard: ScorecardData }) {
  return (
    <div className="stack" data-testid="scorecard">
      <p className="small">
        Overall <strong data-testid="scorecard-overall">{scorecard.overall}</strong> / 100
      </p>
      {scorecard.dimensions.map((d) => {
        const failed = d.checks.filter((c) => !c.passed);
        return (
          <details key={d.dimension} className="small" open={false}>
            <summary>
              <span className="score-label">{d.label}</span>
              <meter
                min={0}
                max={100}
                low={60}
                high={85}
                optimum={100}
                value={d.score}
                aria-label={`${d.label} ${d.score} of 100`}
              />{" "}
              {d.score}
            </summary>
            <ul className="checks">
              {d.checks.map((c) => (
                <li key={c.id} className={c.passed ? "check-pass" : "check-fail"}>
                  {c.passed ? "✓" : "✗"} {c.label}
                  {!c.passed && <div className="muted">Fix: {c.fix}</div>}
                </li>
              ))}
            </ul>
            {failed.length === 0 && <p className="muted">Nothing to fix.</p>}
          </details>
        );
      })}
    </div>
  );
}
