"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

interface Props {
  domains: { name: string; compliance: number; datsis: number }[];
}

/** Per domain: the share of products meeting every policy and the mean DATSIS score (both 0–100). */
export function GovernanceCharts({ domains }: Props) {
  return (
    <figure
      className="card"
      data-testid="governance-chart"
      aria-label="Policy compliance and DATSIS per domain"
    >
      <div style={{ width: "100%", height: 280 }}>
        <ResponsiveContainer>
          <BarChart data={domains} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 12 }} unit="%" />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="compliance"
              name="Compliant products (%)"
              fill="#2b8a3e"
              isAnimationActive={false}
            />
            <Bar dataKey="datsis" name="Mean DATSIS score" fill="#1c7ed6" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">
        Compliance: products meeting every mesh policy in force. DATSIS: discoverable, addressable,
        trustworthy, self-describing, interoperable, secure — from the catalog&apos;s metadata.
      </figcaption>
    </figure>
  );
}
