"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TBucket } from "@/lib/pools/overview";

export function Histogram({ data, unit, testId }: { data: TBucket[]; unit: string; testId?: string }) {
  return (
    <div className="h-52 w-full" data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} interval={0} angle={-30} textAnchor="end" height={48} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} width={40} />
          <Tooltip formatter={(v) => [`${v} trajectories`, unit]} cursor={{ fill: "#f1f5f9" }} />
          <Bar dataKey="count" fill="#2f7cf6" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
