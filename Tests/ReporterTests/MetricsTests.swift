import Testing
import Core
@testable import Reporter

@Suite("Report formatting and metric formulas")
struct MetricsTests {
    @Test("appendFixed writes fixed's digits as bytes")
    func appendFixed() {
        var state: UInt64 = 3
        var values: [Double] = [0, -0.0, 0.125, 2.675, -0.0001, -12.375, 1e-7, -1e-7, 7.4246, -73.985, 43.7384, 1e18, -1e19, 123456.5]
        for _ in 0..<5000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append((Double(state >> 11) / Double(1 << 53) - 0.5) * 400)
        }
        for x in values {
            for digits in 0...6 {
                var bytes: [UInt8] = []
                Format.appendFixed(x, digits, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == Format.fixed(x, digits), "\(x) \(digits)")
            }
        }
        for n: Int64 in [0, 7, -7, 1234567890123, .min + 1, .max] {
            var bytes: [UInt8] = []
            Format.appendInteger(n, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(n))
        }
    }

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
