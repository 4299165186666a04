import Core

/// A problem with an OpenStreetMap extract being imported or a network database being read,
/// as one line that names the file, the line (XML) or block (PBF) and the field:
///
///     data/x.osm.pbf: blob 3: zlib data corrupt (inflate failed)
///     city.osm:14: node 7: lat: must be a number in -90…90, got 'abc'
///     city.osm: no drivable ways (highway=motorway…service)
///
/// The command line prints it as `error: <description>` and exits with status 2.
public typealias NetworkImportError = LocatedError
