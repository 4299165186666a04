import Reporter

extension PartitionCompare {
    /// partitions.csv: one row per arm (docs/streams.md, "Partitioned engine", lists the columns).
    public static func partitionsCSV(scenario: String, strategy: String, replications: Int, rows: [Row]) -> String {
        var out = "scenario,strategy,arm,scheme,parts,halo_m,replications,match_rate,match_rate_diff,match_rate_diff_ci95,"
            + "wait_mean_s,deadhead_km,matches,cross_border_matches,cross_border_share\n"
        for row in rows {
            let a = row.arm
            let scheme = a.parts == 1 ? "single" : a.operators ? "operators" : "regions"
            let cells = [
                Format.csvField(scenario), Format.csvField(strategy), a.name, scheme, String(a.parts),
                a.halo.map { Format.fixed($0, 0) } ?? "", String(replications),
                Format.fixed(row.matchRate, 5), Format.fixed(row.matchRateDiff, 5), Format.fixed(row.matchRateDiffCI, 5),
                Format.fixed(row.waitMean, 3), Format.fixed(row.deadheadKm, 3), Format.fixed(row.matches, 1),
                Format.fixed(row.crossMatches, 1), Format.fixed(row.crossShare, 5),
            ]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The printed curve: per arm, match rate, its paired difference from the single engine
    /// (the first row, `p1` or `o1`) in percentage points (± 95 % CI), mean wait, deadhead
    /// and the cross-border share.
    public static func table(_ rows: [Row], seeds: Int) -> String {
        let base = rows.first?.arm.name ?? "p1"
        var lines: [[String]] = [["arm", "parts", "halo m", "match rate", "Δ points vs \(base)", "wait s", "deadhead km", "cross-border"]]
        for row in rows {
            var diff = "–"
            if let d = row.matchRateDiff {
                diff = (d >= 0 ? "+" : "") + Format.fixed(d * 100, 2)
                if let h = row.matchRateDiffCI { diff += " ± " + Format.fixed(h * 100, 2) }
            }
            lines.append([
                row.arm.name, String(row.arm.parts), row.arm.halo.map { Format.fixed($0, 0) } ?? "–",
                Format.fixed(row.matchRate, 4), diff, Format.fixed(row.waitMean, 1), Format.fixed(row.deadheadKm, 1),
                row.crossShare.map { Format.fixed($0 * 100, 2) + " %" } ?? "–",
            ])
        }
        var widths = [Int](repeating: 0, count: lines[0].count)
        for l in lines { for (i, c) in l.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = "mean over \(seeds) seed\(seeds == 1 ? "" : "s"); Δ: paired difference (arm − \(base)) in points of match rate\n"
        for l in lines {
            out += "  " + l.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "  ") + "\n"
        }
        return out
    }
}
