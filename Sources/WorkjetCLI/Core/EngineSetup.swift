import Foundation
import WorkjetEngine
import WorkjetPacks

/// Builds the engine and policy a command runs with: the built-in detectors plus the packs of every
/// `--patterns` directory, and the `--policy` file (else the default policy: redact at confidence 0.5).
public struct EngineSetup: Sendable {
    /// The engine, shared by every worker.
    public var engine: Engine
    /// The policy.
    public var policy: Policy

    /// Loads packs and policy and compiles the engine.
    public init(patternDirectories: [String], policyPath: String?) throws(CLIError) {
        var registry = DetectorRegistry.builtins()
        for directory in patternDirectories {
            let packs: [PatternPack]
            do { packs = try PatternPack.loadDirectory(directory) } catch {
                throw CLIError(.configuration, "cannot load pattern packs from '\(directory)': \(error)")
            }
            for pack in packs {
                for detector in pack.detectors {
                    do { try registry.register(detector) } catch {
                        throw CLIError(.configuration, "pack '\(pack.name)' (\(pack.source)): \(error)")
                    }
                }
            }
        }
        if let policyPath {
            do { policy = try PolicyFile.load(path: policyPath, registry: registry) } catch {
                throw CLIError(.configuration, "cannot load policy '\(policyPath)': \(error)")
            }
        } else {
            policy = Policy()
        }
        do { engine = try Engine(registry: registry) } catch {
            throw CLIError(.configuration, "cannot build the engine: \(error)")
        }
    }
}
