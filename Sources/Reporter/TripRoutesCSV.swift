import Core
import Simulator

extension ReportFiles {
    /// trip_routes.csv of a run on a road network: `request_id,route`, one row per completed
    /// trip in request-id order, the route its road path as `lon lat;lon lat;…` (6 decimals),
    /// first position the pickup, last the drop-off. `ridematch export geojson` reads it.
    public static func tripRoutesCSV(_ run: RunResult) -> String {
        var s = "request_id,route\n"
        for route in run.tripRoutes.sorted(by: { $0.request < $1.request }) {
            s += String(route.request) + ","
            s += route.points.map { Format.fixed($0.lon, 6) + " " + Format.fixed($0.lat, 6) }.joined(separator: ";")
            s += "\n"
        }
        return s
    }
}
