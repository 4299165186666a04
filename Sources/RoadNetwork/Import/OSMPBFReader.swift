import CZlib
import Foundation
import SwiftProtobuf

/// Reads OpenStreetMap PBF: a sequence of (4-byte big-endian length, `BlobHeader`, `Blob`),
/// the first blob an `OSMHeader`, the others `OSMData` primitive blocks. Blobs may be raw or
/// zlib-compressed; nodes plain or dense; ids, coordinates and way refs are delta coded.
/// Relations and metadata are skipped.
struct OSMPBFReader: OSMElementSource {
    /// Largest `BlobHeader` the format allows (64 KiB).
    static let maxHeaderSize = 64 * 1024
    /// Largest blob the format allows (32 MiB).
    static let maxBlobSize = 32 * 1024 * 1024
    /// The required features ridematch understands.
    static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]

    let data: Data
    let displayPath: String

    /// Checks the `OSMHeader` blob and its required features.
    init(data: Data, displayPath: String) throws {
        self.data = data
        self.displayPath = displayPath
        var offset = 0
        guard let (type, payload) = try nextBlob(at: &offset, number: 1), type == "OSMHeader" else {
            throw NetworkImportError(file: displayPath, field: "blob 1", message: "expected an OSMHeader blob")
        }
        let header: OSMPBF_HeaderBlock
        do {
            header = try OSMPBF_HeaderBlock(serializedBytes: payload)
        } catch {
            throw NetworkImportError(file: displayPath, field: "blob 1", message: "not a valid OSMHeader block (\(error))")
        }
        if let feature = header.requiredFeatures.first(where: { !Self.supportedFeatures.contains($0) }) {
            throw NetworkImportError(file: displayPath, field: "blob 1", message: "needs unsupported feature '\(feature)'")
        }
    }

    /// Whether `data` starts like a PBF file: a sane header length and an `OSMHeader` blob header.
    static func looksLikePBF(_ data: Data) -> Bool {
        guard data.count >= 4 else { return false }
        let length = data.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length <= maxHeaderSize, data.count >= 4 + length,
              let header = try? OSMPBF_BlobHeader(serializedBytes: data[data.startIndex + 4 ..< data.startIndex + 4 + length])
        else { return false }
        return header.type == "OSMHeader"
    }

    func forEachWay(_ body: (Int64, [Int64], OSMTags) throws -> Void) throws {
        try forEachBlock { block, field in
            let strings = block.stringtable.s.map { String(decoding: $0, as: UTF8.self) }
            for group in block.primitivegroup {
                for way in group.ways {
                    guard way.keys.count == way.vals.count else {
                        throw NetworkImportError(file: displayPath, field: "\(field): way \(way.id)",
                                                 message: "\(way.keys.count) keys but \(way.vals.count) values")
                    }
                    var tags: [(key: String, value: String)] = []
                    tags.reserveCapacity(way.keys.count)
                    for (k, v) in zip(way.keys, way.vals) {
                        guard Int(k) < strings.count, Int(v) < strings.count else {
                            throw NetworkImportError(file: displayPath, field: "\(field): way \(way.id)",
                                                     message: "tag string index out of range")
                        }
                        tags.append((strings[Int(k)], strings[Int(v)]))
                    }
                    var ref: Int64 = 0
                    try body(way.id, way.refs.map { delta in ref &+= delta; return ref }, OSMTags(tags))
                }
            }
        }
    }

    func forEachNode(_ body: (Int64, FixedCoordinate) throws -> Void) throws {
        try forEachBlock { block, field in
            let granularity = Int64(block.granularity)
            let (latOffset, lonOffset) = (block.latOffset, block.lonOffset)
            let point = { (id: Int64, lat: Int64, lon: Int64) throws -> FixedCoordinate in
                let c = FixedCoordinate(lat: Self.fixed(latOffset &+ granularity &* lat),
                                        lon: Self.fixed(lonOffset &+ granularity &* lon))
                guard abs(c.lat) <= 900_000_000, abs(c.lon) <= 1_800_000_000 else {
                    throw NetworkImportError(file: displayPath, field: "\(field): node \(id)",
                                             message: "coordinate out of range (\(c.latDegrees), \(c.lonDegrees))")
                }
                return c
            }
            for group in block.primitivegroup {
                for node in group.nodes { try body(node.id, try point(node.id, node.lat, node.lon)) }
                guard group.hasDense else { continue }
                let dense = group.dense
                guard dense.lat.count == dense.id.count, dense.lon.count == dense.id.count else {
                    throw NetworkImportError(file: displayPath, field: "\(field): dense nodes",
                                             message: "\(dense.id.count) ids, \(dense.lat.count) lats, \(dense.lon.count) lons")
                }
                var (id, lat, lon): (Int64, Int64, Int64) = (0, 0, 0)
                for i in dense.id.indices {
                    id &+= dense.id[i]; lat &+= dense.lat[i]; lon &+= dense.lon[i]
                    try body(id, try point(id, lat, lon))
                }
            }
        }
    }

    /// Nanodegrees to 1e-7 degrees, rounding half away from zero.
    static func fixed(_ nanodegrees: Int64) -> Int64 {
        let (quotient, remainder) = nanodegrees.quotientAndRemainder(dividingBy: 100)
        if remainder >= 50 { return quotient + 1 }
        if remainder <= -50 { return quotient - 1 }
        return quotient
    }

    /// Calls `body` with every `OSMData` block and its position (`blob N`), skipping other blob types.
    private func forEachBlock(_ body: (OSMPBF_PrimitiveBlock, String) throws -> Void) throws {
        var offset = 0
        var number = 1
        while let (type, payload) = try nextBlob(at: &offset, number: number) {
            defer { number += 1 }
            guard type == "OSMData" else { continue }
            let block: OSMPBF_PrimitiveBlock
            do {
                block = try OSMPBF_PrimitiveBlock(serializedBytes: payload)
            } catch {
                throw NetworkImportError(file: displayPath, field: "blob \(number)", message: "not a valid OSMData block (\(error))")
            }
            guard block.granularity > 0 else {
                throw NetworkImportError(file: displayPath, field: "blob \(number)", message: "granularity must be > 0, got \(block.granularity)")
            }
            try body(block, "blob \(number)")
        }
    }

    /// The blob starting at `offset` (its type and uncompressed bytes), advancing `offset`
    /// past it; nil at the end of the file.
    private func nextBlob(at offset: inout Int, number: Int) throws -> (String, Data)? {
        let field = "blob \(number)"
        let fail = { (message: String) in NetworkImportError(file: displayPath, field: field, message: message) }
        let start = data.startIndex + offset
        guard start < data.endIndex else { return nil }
        guard data.endIndex - start >= 4 else { throw fail("truncated (file ends inside the header length)") }
        let headerLength = data[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
        guard headerLength > 0, headerLength <= Self.maxHeaderSize else {
            throw fail("header length \(headerLength) out of range 1…\(Self.maxHeaderSize)")
        }
        let headerStart = start + 4
        guard data.endIndex - headerStart >= headerLength else {
            throw fail("truncated (header needs \(headerLength) bytes, \(data.endIndex - headerStart) left)")
        }
        let header: OSMPBF_BlobHeader
        do {
            header = try OSMPBF_BlobHeader(serializedBytes: data[headerStart..<headerStart + headerLength])
        } catch {
            throw fail("not a valid blob header (\(error))")
        }
        let size = Int(header.datasize)
        guard size >= 0, size <= Self.maxBlobSize else { throw fail("blob size \(size) out of range 0…\(Self.maxBlobSize)") }
        let blobStart = headerStart + headerLength
        guard data.endIndex - blobStart >= size else {
            throw fail("truncated (blob needs \(size) bytes, \(data.endIndex - blobStart) left)")
        }
        offset = blobStart + size - data.startIndex
        let blob: OSMPBF_Blob
        do {
            blob = try OSMPBF_Blob(serializedBytes: data[blobStart..<blobStart + size])
        } catch {
            throw fail("not a valid blob (\(error))")
        }
        return (header.type, try payload(of: blob, fail: fail))
    }

    /// The blob's bytes, inflated when zlib-compressed.
    private func payload(of blob: OSMPBF_Blob, fail: (String) -> NetworkImportError) throws -> Data {
        switch blob.data {
        case .raw(let raw):
            return raw
        case .zlibData(let compressed):
            let size = Int(blob.rawSize)
            guard blob.hasRawSize, size > 0, size <= Self.maxBlobSize else {
                throw fail("raw_size \(blob.rawSize) out of range 1…\(Self.maxBlobSize)")
            }
            var output = Data(count: size)
            var outputLength = uLongf(size)
            let status = output.withUnsafeMutableBytes { out in
                compressed.withUnsafeBytes { input in
                    uncompress(out.baseAddress!.assumingMemoryBound(to: Bytef.self), &outputLength,
                               input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(compressed.count))
                }
            }
            guard status == Z_OK else {
                let reason = status == Z_BUF_ERROR ? "inflates to more than raw_size \(size)" : "inflate failed"
                throw fail("zlib data corrupt (\(reason))")
            }
            guard Int(outputLength) == size else {
                throw fail("zlib data inflates to \(outputLength) bytes, raw_size says \(size)")
            }
            return output
        case .lzmaData: throw fail("lzma compression not supported (only raw and zlib blobs)")
        case .lz4Data: throw fail("lz4 compression not supported (only raw and zlib blobs)")
        case .zstdData: throw fail("zstd compression not supported (only raw and zlib blobs)")
        case .obsoleteBzip2Data: throw fail("bzip2 compression not supported (only raw and zlib blobs)")
        case nil: throw fail("empty blob (no data)")
        }
    }
}
