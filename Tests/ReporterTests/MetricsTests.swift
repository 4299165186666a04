import Testing
import Core
@testable import Reporter

@Suite("Report formatting and metric formulas")
struct MetricsTests {
    @Test("fixed decimals are exact and locale-free")
    func fixed() {
        #expect(Format.fixed(0.125, 2) == "0.13")  // exact half: away from zero
        #expect(Format.fixed(2.675, 2) == "2.68")  // 2.675 × 100 rounds to 267.5 in binary, then away from zero
        #expect(Format.fixed(2.5, 3) == "2.500")
        #expect(Format.fixed(-0.0001, 3) == "0.000")
        #expect(Format.fixed(-12.375, 2) == "-12.38")  // exact in binary: rounds half away from zero
        #expect(Format.fixed(40.758123456, 6) == "40.758123")
        #expect(Format.fixed(7, 0) == "7")
        #expect(Format.fixed(nil, 3) == "")
        #expect(Format.fixed(.nan, 3) == "")
        #expect(Format.seconds(90_500) == "90.500")
        #expect(Format.csvField("a,b") == "\"a,b\"")
        #expect(Format.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test("Gini: 0 for equal earnings, (n−1)/n when one earns all, exact for a known case")
    func giniValues() {
        #expect(gini([5, 5, 5, 5]) == 0)
        #expect(gini([0, 0, 0, 10]) == 0.75)
        #expect(gini([0, 0, 0]) == 0)
        // Pairwise definition: Σ|xi − xj| / (2 n² mean) for [1, 2, 3, 4] = 20 / 80 = 0.25.
        #expect(abs(gini([4, 1, 3, 2])! - 0.25) < 1e-12)
        #expect(gini([]) == nil)
    }

    @Test("JSON strings are escaped")
    func json() {
        #expect(jsonString("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"")
    }
}
