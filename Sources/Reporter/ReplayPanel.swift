import Core
import Foundation
import Simulator

/// The report's animated replay: the run played on the zone map from a ``ReplayTrack`` —
/// the followed drivers as points coloured by phase, the open requests of the same sample as
/// red marks, with play/pause, speed and a time slider. Inline data and script only.
///
/// The panel's state is on the page for tests and tools: the panel's `data-frame` attribute
/// and `window.ridematchReplay` (`frame`, `frames`, `playing`) follow the frame shown.
public enum ReplayPanel {
    /// Colours of the driver phases (``ReplayPhase`` raw values; offline drivers are hidden).
    public static let phaseColors = ["#59a14f", "#f28e2b", "#4e79a7", "#bbbbbb", "#b07aa1"]
    /// Playback speeds offered, simulated seconds per second; the first marked is the default.
    public static let speeds = [60, 300, 900, 3600, 14400]
    static let defaultSpeed = 900

    /// The panel's HTML, or "" when the run has no track.
    public static func html(_ run: RunResult, shapes: [ZoneShape], frame: MapFrame, roads: [[GeoPoint]] = []) -> String {
        guard let track = run.replay, track.frameCount > 0 else { return "" }
        let n = track.drivers.count, frames = track.frameCount
        let projection = LocalProjection(center: track.center)
        func quantise(_ x: Float, _ y: Float, into data: inout Data) {
            let (sx, sy) = frame.xy(projection.unproject(PlanePoint(x: Double(x), y: Double(y))))
            for v in [sx, sy] {
                let q = UInt16(max(0, min(65535, ((v + frame.width) * 16).rounded())))
                data.append(UInt8(q & 0xFF))
                data.append(UInt8(q >> 8))
            }
        }
        var positions = Data(capacity: track.x.count * 4)
        for i in track.x.indices { quantise(track.x[i], track.y[i], into: &positions) }
        var requests = Data(capacity: track.requestX.count * 4)
        for i in track.requestX.indices { quantise(track.requestX[i], track.requestY[i], into: &requests) }
        let mostRequests = zip(track.requestStarts, track.requestStarts.dropFirst()).map { Int($1 - $0) }.max() ?? 0
        let startOfDay = (Int(run.scenario.start.timeIntervalSince1970) + run.scenario.startUTCOffsetSeconds) % 86_400

        var s = "<h2>Replay</h2>\n<p class=\"note\">The run played on the map from positions sampled every "
        s += "\(Format.fixed(Double(track.interval) / 1000, 0)) s (report.replay_interval): \(n) of \(run.drivers.count) drivers "
        s += "(every \(track.stride == 1 ? "driver" : "\(track.stride)th by id")) and the open requests of the same sample "
        s += "(request id divisible by \(track.stride)). The counts above the map are over all drivers and requests. "
        s += "Colours: <span style=\"color:\(phaseColors[0])\">● idle</span> <span style=\"color:\(phaseColors[1])\">● to pickup</span> "
        s += "<span style=\"color:\(phaseColors[2])\">● on trip</span> <span style=\"color:\(phaseColors[4])\">● repositioning</span> "
        s += "<span style=\"color:#e15759\">■ open request</span>.</p>\n"
        s += "<div class=\"replay\" id=\"replay\" data-frame=\"0\" data-frames=\"\(frames)\">\n<div class=\"controls\">"
        s += "<button type=\"button\" id=\"replay-play\">▶ play</button> <label>speed <select id=\"replay-speed\">"
        for v in speeds { s += "<option value=\"\(v)\"\(v == defaultSpeed ? " selected" : "")>\(v)×</option>" }
        s += "</select></label> <input type=\"range\" id=\"replay-slider\" min=\"0\" max=\"\(frames - 1)\" value=\"0\" step=\"1\"> "
        s += "<span id=\"replay-time\" class=\"clock\"></span></div>\n<div id=\"replay-counts\" class=\"note\"></div>\n"
        let h = frame.height
        s += "<svg class=\"map replay-map\" id=\"replay-map\" viewBox=\"0 0 \(Format.fixed(frame.width, 0)) \(Format.fixed(h, 0))\" width=\"\(Format.fixed(frame.width * 1.4, 0))\" height=\"\(Format.fixed(h * 1.4, 0))\" role=\"img\" aria-label=\"replay\">\n"
        s += ZoneMap.roadLayer(roads, frame: frame)
        s += "<g class=\"outlines\">"
        for shape in shapes { s += "<path d=\"\(frame.path(shape))\"/>" }
        s += "</g>\n<g id=\"replay-requests\">"
        s += String(repeating: "<rect class=\"rq\" width=\"4\" height=\"4\" x=\"-9\" y=\"-9\"/>", count: mostRequests)
        s += "</g>\n<g id=\"replay-drivers\">"
        s += String(repeating: "<circle r=\"2.6\" cx=\"-9\" cy=\"-9\"/>", count: n)
        s += "</g>\n" + frame.scaleBar(y: h - 8) + "</svg>\n"
        let counts = track.counts.map { c in "[" + (c.drivers.map(String.init) + [String(c.openRequests)]).joined(separator: ",") + "]" }
        s += "<script type=\"application/json\" id=\"replay-data\">{\"drivers\":\(n),\"interval\":\(Format.fixed(Double(track.interval) / 1000, 3)),"
        s += "\"startOfDay\":\(startOfDay),\"times\":[\(track.times.map { Format.seconds($0) }.joined(separator: ","))],"
        s += "\"counts\":[\(counts.joined(separator: ","))],\"requestStarts\":[\(track.requestStarts.map(String.init).joined(separator: ","))],"
        s += "\"positions\":\"\(positions.base64EncodedString())\",\"phases\":\"\(Data(track.phases).base64EncodedString())\","
        s += "\"requests\":\"\(requests.base64EncodedString())\",\"offset\":\(Format.fixed(frame.width, 3))}</script>\n"
        s += "<script>\n\(script)</script>\n</div>\n"
        return s
    }

    /// The player. Frame f is drawn from the decoded arrays; the clock advances `speed`
    /// simulated seconds per second while playing, in 100 ms steps.
    static let script = """
        (function () {
          const panel = document.getElementById('replay');
          const data = JSON.parse(document.getElementById('replay-data').textContent);
          const bytes = b => { const s = atob(b), a = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i); return a; };
          const pos = new DataView(bytes(data.positions).buffer), phases = bytes(data.phases);
          const req = new DataView(bytes(data.requests).buffer);
          const n = data.drivers, frames = data.times.length, off = data.offset;
          const dots = document.querySelectorAll('#replay-drivers circle'), marks = document.querySelectorAll('#replay-requests rect');
          const play = document.getElementById('replay-play'), speed = document.getElementById('replay-speed');
          const slider = document.getElementById('replay-slider'), clock = document.getElementById('replay-time');
          const tally = document.getElementById('replay-counts');
          const state = { frame: 0, frames: frames, playing: false, simulated: 0 };
          window.ridematchReplay = state;
          const coord = (view, i) => view.getUint16(i * 2, true) / 16 - off;
          const hms = t => { const d = Math.floor(t / 86400), r = t - 86400 * d; const p = v => String(Math.floor(v)).padStart(2, '0');
            return (d > 0 ? 'day ' + (d + 1) + ' ' : '') + p(r / 3600) + ':' + p(r % 3600 / 60) + ':' + p(r % 60); };
          function draw(f) {
            state.frame = f; panel.dataset.frame = String(f); slider.value = String(f);
            for (let k = 0; k < n; k++) {
              const i = f * n + k, c = dots[k];
              c.setAttribute('cx', coord(pos, 2 * i).toFixed(1)); c.setAttribute('cy', coord(pos, 2 * i + 1).toFixed(1));
              c.setAttribute('class', 'p' + phases[i]);
            }
            const a = data.requestStarts[f], b = data.requestStarts[f + 1];
            for (let j = 0; j < marks.length; j++) {
              const m = marks[j];
              if (a + j < b) { m.setAttribute('x', (coord(req, 2 * (a + j)) - 2).toFixed(1)); m.setAttribute('y', (coord(req, 2 * (a + j) + 1) - 2).toFixed(1)); m.style.display = ''; }
              else m.style.display = 'none';
            }
            const t = data.times[f], c = data.counts[f];
            clock.textContent = hms(data.startOfDay + t) + '  (t = ' + Math.round(t) + ' s, frame ' + (f + 1) + '/' + frames + ')';
            tally.textContent = 'all drivers: ' + c[0] + ' idle · ' + c[1] + ' to pickup · ' + c[2] + ' on trip · ' + c[4] + ' repositioning · ' + c[3] + ' offline — open requests: ' + c[5];
          }
          let timer = null;
          function stop() { if (timer) clearInterval(timer); timer = null; state.playing = false; play.textContent = '▶ play'; }
          function start() {
            if (state.frame >= frames - 1) { state.simulated = 0; draw(0); }
            state.playing = true; play.textContent = '❚❚ pause';
            timer = setInterval(() => {
              state.simulated += Number(speed.value) * 0.1;
              const f = Math.min(frames - 1, Math.floor(state.simulated / data.interval));
              if (f !== state.frame) draw(f);
              if (f >= frames - 1) stop();
            }, 100);
          }
          play.addEventListener('click', () => state.playing ? stop() : start());
          slider.addEventListener('input', () => { const f = Number(slider.value); state.simulated = f * data.interval; draw(f); });
          state.simulated = 0; draw(0);
        })();

        """
}
