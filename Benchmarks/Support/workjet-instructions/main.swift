// The deterministic half of `make bench`: each workload runs once inside a function of its own,
// and `Benchmarks/instructions.py` runs this tool under callgrind, which counts the instructions
// executed in each `measured…` function. Unlike wall-clock time, the counts do not move with machine
// noise, so the committed thresholds (Thresholds/instructions.json) can be tight.
//
//   python3 instructions.py            (builds nothing; `make bench` builds this tool first)
import BenchData
import WorkjetEngine

let engine = try Engine()
let sparse = Workload.mixed(size: 1 << 20, density: .sparse)
let dense = Workload.mixed(size: 1 << 20, density: .dense)
let requests = Workload.requests(size: 4 << 10, count: 16)
let chatBodies = Workload.chatBodies(size: 4 << 10, count: 16)
let chatRedactor = JSONRedactor(engine: engine, policy: Policy())

// Warm-up outside the measured functions: scratch, PCRE2 JIT stacks, first-use tables.
_ = try engine.scan(sparse)
_ = try sparse.withUnsafeBytes { try engine.rawHyperscanScan($0) }
for request in requests { _ = try engine.scan(request) }
for body in chatBodies { _ = try body.withUnsafeBytes { try chatRedactor.process($0, include: ChatMessageSelector.openAIRequest) } }

/// Runs workload `index` once. One function for all of them: callgrind collects inside it and dumps
/// its counts each time it returns, one dump per workload, in this order.
@inline(never) func measuredWorkload(_ index: Int) throws -> Int {
    switch index {
    case 0: return try sparse.withUnsafeBytes { try engine.rawHyperscanScan($0) }
    case 1: return try sparse.withUnsafeBytes { try engine.scan($0).count }
    case 2: return try dense.withUnsafeBytes { try engine.rawHyperscanScan($0) }
    case 3: return try dense.withUnsafeBytes { try engine.scan($0).count }
    case 4: return try dense.withUnsafeBytes { try engine.redact($0, policy: Policy()).output.count }
    case 5:
        var total = 0
        for request in requests { total += try request.withUnsafeBytes { try engine.rawHyperscanScan($0) } }
        return total
    case 6:
        var total = 0
        for request in requests { total += try engine.scan(request).count }
        return total
    case 7: return try sparse.withUnsafeBytes { try engine.rawCandidateScan($0) }
    case 8: return try dense.withUnsafeBytes { try engine.rawCandidateScan($0) }
    case 9:
        var total = 0
        for request in requests { total += try request.withUnsafeBytes { try engine.rawCandidateScan($0) } }
        return total
    default:
        // The gateway's DLP step on 16 chat bodies: JSON walk, one scan of the message texts, redaction.
        var total = 0
        for body in chatBodies {
            total += try body.withUnsafeBytes { try chatRedactor.process($0, include: ChatMessageSelector.openAIRequest) }.output?.count ?? 0
        }
        return total
    }
}

var checksum = 0
for index in 0..<11 { checksum &+= try measuredWorkload(index) }
print("workloads: sparse \(sparse.count) B, dense \(dense.count) B, \(requests.count) requests of 4 KB; checksum \(checksum)")
