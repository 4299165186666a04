import Foundation

/// Means and 95 % confidence intervals over replications (Student t).
public enum CompareStatistics {
    /// t(0.975, df) for df = 1 … 30, exact to the digits shown.
    private static let t975: [Double] = [
        12.706204736174694, 4.302652729749462, 3.1824463052837078, 2.7764451051977934,
        2.5705818356363146, 2.4469118511449786, 2.364624251592784, 2.306004135204166,
        2.262157162798205, 2.228138851986274, 2.200985160091639, 2.1788128296672284,
        2.1603686564627913, 2.144786687917804, 2.131449545559776, 2.1199052992212546,
        2.1098155778333156, 2.1009220402410382, 2.0930240544083087, 2.085963447265864,
        2.0796138447276795, 2.0738730679040254, 2.0686576104190486, 2.0638985616280245,
        2.0595385527532972, 2.0555294386428735, 2.0518305164802846, 2.0484071417952454,
        2.045229642132703, 2.0422724563012378,
    ]

    /// The 0.975 quantile of Student's t with `df` degrees of freedom (df ≥ 1): the table
    /// up to 30, beyond that the Cornish–Fisher expansion around the normal quantile
    /// (error below 1e-6 for df > 30).
    public static func tQuantile975(df: Int) -> Double {
        precondition(df >= 1, "degrees of freedom must be >= 1")
        if df <= t975.count { return t975[df - 1] }
        let z = 1.959963984540054, n = Double(df)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
    }

    /// Mean of `values` and the half-width of its 95 % confidence interval,
    /// t(0.975, n−1) · s / √n; the half-width is `nil` for fewer than two values.
    public static func meanAndHalfWidth(_ values: [Double]) -> (mean: Double?, halfWidth: Double?) {
        guard !values.isEmpty else { return (nil, nil) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count >= 2 else { return (mean, nil) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, tQuantile975(df: values.count - 1) * variance.squareRoot() / n.squareRoot())
    }

    /// Paired differences `a[i] − b[i]` over the replications where both exist.
    public static func pairedDifferences(_ a: [Double?], _ b: [Double?]) -> [Double] {
        zip(a, b).compactMap { x, y in
            guard let x, let y else { return nil }
            return x - y
        }
    }
}
