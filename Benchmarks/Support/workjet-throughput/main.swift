// The number we report: the engine's throughput as a fraction of its candidate stage on the same data,
// measured in ONE run on the SAME generated data, with the passes interleaved so that machine noise
// hits all alike. Three passes: `hs` is raw hs_scan of the engine's Hyperscan database with a counting
// callback; `candidates` is the whole candidate stage without confirmation (that hs_scan, collecting
// ends, plus the digit-run scanner that proposes the card, SSN and phone patterns, which are not in the
// Hyperscan database); `engine` is a full scan. Also the p50/p99 latency of a 4 KB scan, and the
// fastest scan of each request alone (the floor under that latency).
//
//   swift run -c release --scratch-path ../.build-bench workjet-throughput [--mib 4] [--rounds 7] [--seed 2024]
import BenchData
import WorkjetEngine

struct Options {
    var mebibytes = 4
    var rounds = 7
    var seed: UInt64 = 2024
    var latencySamples = 4_000

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next().flatMap { Int($0) }
            switch (argument, value) {
            case ("--mib", let v?) where v > 0: mebibytes = v
            case ("--rounds", let v?) where v > 0: rounds = v
            case ("--seed", let v?) where v >= 0: seed = UInt64(v)
            case ("--samples", let v?) where v > 0: latencySamples = v
            default:
                print("usage: workjet-throughput [--mib N] [--rounds N] [--seed N] [--samples N]")
                exit(2)
            }
        }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)]
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func format(_ value: Double, _ digits: Int = 1) -> String {
    let scale = (0..<digits).reduce(1.0) { value, _ in value * 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let options = Options(Array(CommandLine.arguments.dropFirst()))
let clock = ContinuousClock()
let engine = try Engine()
let size = options.mebibytes << 20

print("workjet-throughput: \(options.mebibytes) MiB of mixed corpus per density (seed \(options.seed)), "
    + "\(options.rounds) interleaved rounds, median MB/s (10^6 bytes/s), one thread")
print("")
let widths = [8, 13, 9, 9, 16, 13, 18, 11]
print(["density", "bytes/entity", "findings", "hs MB/s", "candidates MB/s", "engine MB/s", "engine/candidates", "engine/hs"]
    .enumerated().map { pad($1, widths[$0]) }.joined())

for density in Workload.Density.allCases {
    let corpus = Workload.mixed(size: size, density: density, seed: options.seed)
    var raw: [Double] = []
    var stage: [Double] = []
    var full: [Double] = []
    var findings = 0
    try corpus.withUnsafeBytes { buffer in
        // One untimed pass each: scratch allocation and page faults stay out of the numbers.
        _ = try engine.rawHyperscanScan(buffer)
        _ = try engine.rawCandidateScan(buffer)
        findings = try engine.scan(buffer).count
        for _ in 0..<options.rounds {
            var candidates = 0
            let rawTime = try clock.measure { candidates = try engine.rawHyperscanScan(buffer) }
            let stageTime = try clock.measure { candidates &+= try engine.rawCandidateScan(buffer) }
            var found = 0
            let fullTime = try clock.measure { found = try engine.scan(buffer).count }
            precondition(candidates >= 0 && found == findings, "the engine must be deterministic")
            raw.append(Double(buffer.count) / 1e6 / seconds(rawTime))
            stage.append(Double(buffer.count) / 1e6 / seconds(stageTime))
            full.append(Double(buffer.count) / 1e6 / seconds(fullTime))
        }
    }
    let rawMBs = median(raw), stageMBs = median(stage), fullMBs = median(full)
    print(
        [density.rawValue, String(density.bytesPerEntity), String(findings), format(rawMBs), format(stageMBs),
         format(fullMBs), format(fullMBs / stageMBs, 3), format(fullMBs / rawMBs, 3)]
            .enumerated().map { pad($1, widths[$0]) }.joined())
}

// Latency: one scan per sample, cycling through distinct 4 KB requests.
let requests = Workload.requests(size: 4 << 10, count: 64, seed: options.seed)
for request in requests { _ = try engine.scan(request) }
var latencies: [Double] = []
latencies.reserveCapacity(options.latencySamples)
for sample in 0..<options.latencySamples {
    let request = requests[sample % requests.count]
    let elapsed = try clock.measure { _ = try engine.scan(request) }
    latencies.append(seconds(elapsed) * 1e6)
}
latencies.sort()
print("")
print(
    "4 KB scan latency (\(options.latencySamples) scans of \(requests.count) distinct requests): "
        + "p50 \(format(percentile(latencies, 50))) µs, p99 \(format(percentile(latencies, 99))) µs, "
        + "max \(format(latencies.last!)) µs")


// What each request costs at best (the fastest of 200 scans of it alone, caches and branch predictors
// warm): the floor under the latencies above. Their tail is this floor plus the host's noise and the
// cold start of cycling through distinct requests.
var floors: [Double] = []
for request in requests {
    var best = Double.infinity
    for _ in 0..<200 { best = min(best, seconds(try clock.measure { _ = try engine.scan(request) }) * 1e6) }
    floors.append(best)
}
floors.sort()
print(
    "4 KB scan alone (fastest of 200 scans of each request): median request \(format(percentile(floors, 50))) µs, "
        + "heaviest \(format(floors.last!)) µs")
