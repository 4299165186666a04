import Core
import Foundation
import GRDB
import Testing
@testable import RoadNetwork

/// Every table of a network database as text rows, leaving out the `meta` rows that name the
/// source file and format (which differ between a PBF and an XML of the same data).
func tableDump(_ database: URL) throws -> [String] {
    let queue = try DatabaseQueue(path: database.path)
    defer { try? queue.close() }
    return try queue.read { db in
        var rows: [String] = []
        for (table, order) in [("meta", "key"), ("nodes", "id"), ("edges", "id"), ("class_speeds", "road_class, hour_of_week")] {
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
                if table == "meta", ["source_file", "source_format"].contains(row[0] as String) { continue }
                rows.append("\(table): " + row.databaseValues.map { "\($0)" }.joined(separator: "|"))
            }
        }
        return rows
    }
}

@Suite("Network import: PBF")
struct PBFTests {
    @Test("PBF and XML of the same data give identical databases", arguments: [1, 4, 100])
    func pbfEqualsXML(perBlock: Int) throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let fromXML = try importDatabase(town.xml, name: "town.osm", in: folder)
        let fromPBF = try importDatabase(try town.pbf(perBlock: perBlock), name: "town.osm.pbf", in: folder)
        let xmlRows = try tableDump(fromXML)
        #expect(xmlRows.count == 16 + 10 + 15 + 5 * 168)  // meta, nodes, edges, 5 classes × 168 hours
        #expect(try tableDump(fromPBF) == xmlRows)
        #expect(try importGraph(try town.pbf(perBlock: perBlock), name: "town.osm.pbf") == (try importGraph(town.xml)))
    }

    @Test("re-importing the same file gives a byte-identical database")
    func deterministic() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let pbf = try town.pbf()
        let first = try importDatabase(pbf, name: "a.osm.pbf", in: folder)
        let again = try folder.write("b.sqlite", Data())
        try FileManager.default.removeItem(at: again)
        _ = try NetworkImporter.importFile(folder.file("a.osm.pbf"), displayPath: "a.osm.pbf", database: again,
                                           databaseDisplayPath: "b.sqlite")
        #expect(try Data(contentsOf: first) == (try Data(contentsOf: again)))
    }

    @Test("a PBF cut at any byte inside a blob is refused with a located error, never read in part")
    func truncatedAnywhere() throws {
        let pbf = try town.pbf()
        // Blob boundaries: a file cut there is a shorter valid file (the format has no end marker).
        var boundaries: Set<Int> = []
        var offset = 0
        while offset < pbf.count {
            boundaries.insert(offset)
            let headerLength = pbf[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let header = try OSMPBF_BlobHeader(serializedBytes: pbf[offset + 4..<offset + 4 + headerLength])
            offset += 4 + headerLength + Int(header.datasize)
        }
        #expect(boundaries.count == 1 + 5 + 5)  // header, 18 nodes and 19 ways in blocks of 4
        for length in 1..<pbf.count where !boundaries.contains(length) {
            let error = importError(pbf.prefix(length), name: "cut.osm.pbf")
            #expect(error?.file == "cut.osm.pbf")
            let message = error?.description ?? ""
            #expect(message.contains("truncated") || message.contains("not an OSM file") || message.contains("not a road network file")
                    || message.contains("no drivable ways"), "\(length): \(message)")
        }
    }

    @Test("a PBF truncated inside a blob names the blob and the missing bytes")
    func truncatedBlob() throws {
        var file = Data()
        try appendBlob(type: "OSMHeader", payload: OSMPBF_HeaderBlock().serializedData(), compress: false, to: &file)
        let headerEnd = file.count
        var block = OSMPBF_PrimitiveBlock()
        block.stringtable.s = [Data()]
        try appendBlob(type: "OSMData", payload: block.serializedData(), compress: true, to: &file)
        let cut = file.prefix(file.count - 3)
        let error = importError(cut, name: "t.osm.pbf")
        let headerLength = Int(file[headerEnd + 3])
        let blobSize = file.count - headerEnd - 4 - headerLength
        #expect(error?.description == "t.osm.pbf: blob 2: truncated (blob needs \(blobSize) bytes, \(blobSize - 3) left)")
    }

    @Test("corrupt zlib data, a wrong raw_size, unsupported compression and features are refused")
    func corruptBlobs() throws {
        let header: Data = try OSMPBF_HeaderBlock().serializedData()
        var file = Data()
        try appendBlob(type: "OSMHeader", payload: header, compress: false, to: &file)
        var corrupt = OSMPBF_Blob()
        corrupt.rawSize = 100
        corrupt.zlibData = Data([0x78, 0x9C, 0xFF, 0xFF, 0x00, 0x13, 0x37])
        #expect(importError(try withBlob(corrupt, after: file), name: "z.pbf")?.description
                == "z.pbf: blob 2: zlib data corrupt (inflate failed)")

        var wrongSize = OSMPBF_Blob()
        wrongSize.rawSize = 1000
        wrongSize.zlibData = zlibCompress(Data(repeating: 7, count: 10))
        #expect(importError(try withBlob(wrongSize, after: file), name: "z.pbf")?.description
                == "z.pbf: blob 2: zlib data inflates to 10 bytes, raw_size says 1000")

        var lzma = OSMPBF_Blob()
        lzma.lzmaData = Data([1, 2, 3])
        #expect(importError(try withBlob(lzma, after: file), name: "z.pbf")?.description
                == "z.pbf: blob 2: lzma compression not supported (only raw and zlib blobs)")

        var garbage = OSMPBF_Blob()
        garbage.raw = Data([0xFF, 0xFF, 0xFF])
        #expect(importError(try withBlob(garbage, after: file), name: "z.pbf")?.description.hasPrefix(
                "z.pbf: blob 2: not a valid OSMData block") == true)

        var historical = OSMPBF_HeaderBlock()
        historical.requiredFeatures = ["OsmSchema-V0.6", "HistoricalInformation"]
        var history = Data()
        try appendBlob(type: "OSMHeader", payload: historical.serializedData(), compress: true, to: &history)
        #expect(importError(history, name: "h.pbf")?.description
                == "h.pbf: blob 1: needs unsupported feature 'HistoricalInformation'")
    }

    /// `file` followed by an `OSMData` blob holding `blob`.
    private func withBlob(_ blob: OSMPBF_Blob, after file: Data) throws -> Data {
        let bytes: Data = try blob.serializedData()
        var header = OSMPBF_BlobHeader()
        header.type = "OSMData"
        header.datasize = Int32(bytes.count)
        let headerBytes: Data = try header.serializedData()
        var result = file
        result.append(contentsOf: [0, 0, 0, UInt8(headerBytes.count)])
        result.append(headerBytes)
        result.append(bytes)
        return result
    }

    @Test("files that are not OSM are refused by their content")
    func notOSM() throws {
        #expect(importError(Data(), name: "e.osm")?.description == "e.osm: empty file, not a road network file")
        #expect(importError(Data("zone_id,lat\n1,2\n".utf8), name: "c.osm")?.description
                == "c.osm: not a road network file (neither OSM PBF, OSM XML, OSMnx GraphML nor node-link JSON)")
        #expect(importError(Data("<!DOCTYPE html>\n<html><body>x</body></html>".utf8), name: "h.osm")?.description
                == "h.osm: not an OSM file (root element <html>)")
        #expect(importError(Data([0x1F, 0x8B, 8, 0, 0, 0]), name: "g.osm.gz")?.description
                == "g.osm.gz: not an OSM file (gzip/bzip2 compressed: decompress it first)")
        #expect(importError(Data("<osm><node id='1' lat='91' lon='0'/></osm>".utf8), name: "n.osm")?.description
                == "n.osm: no drivable ways (highway=motorway…service)")
    }

    @Test("bad XML values name the line, the element and the attribute")
    func badXML() throws {
        let text = """
            <osm version="0.6">
              <node id="1" lat="43.7" lon="7.4"/>
              <node id="2" lat="abc" lon="7.4"/>
              <way id="5"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
            </osm>
            """
        #expect(importError(Data(text.utf8), name: "b.osm")?.description
                == "b.osm:3: node 2: lat: must be a number in -90…90, got 'abc'")
        let badRef = "<osm>\n<way id=\"5\">\n<nd ref=\"x\"/>\n</way>\n</osm>"
        #expect(importError(Data(badRef.utf8), name: "r.osm")?.description == "r.osm:3: way 5: nd: ref: must be an integer, got 'x'")
        let unclosed = "<osm>\n<way id=\"5\">\n<nd ref=\"1\"/>\n</osm>"
        #expect(importError(Data(unclosed.utf8), name: "u.osm")?.description
                == "u.osm:4: malformed XML (end tag does not match its start tag)")
    }
}
