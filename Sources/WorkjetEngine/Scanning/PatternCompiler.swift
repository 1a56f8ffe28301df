import CHyperscan

/// Compiles detectors into a ``PatternTable`` and Hyperscan databases, deciding per pattern whether
/// Hyperscan can run it exactly or only as a prefilter that PCRE2 confirms.
enum PatternCompiler {
    static func compile(_ detectors: [any Detector]) throws(EngineError) -> PatternTable {
        var patterns: [CompiledPattern] = []
        var maxCaptures = 0
        var maxContext = 0
        for (detectorIndex, detector) in detectors.enumerated() {
            maxContext = max(maxContext, detector.context?.window ?? 0)
            for (patternIndex, pattern) in detector.patterns.enumerated() {
                let compiled = try compile(pattern, detector: detector, detectorIndex: detectorIndex, patternIndex: patternIndex)
                maxCaptures = max(maxCaptures, compiled.regex.captureCount)
                patterns.append(compiled)
            }
        }
        guard patterns.count < 1 << 20 else {
            throw EngineError(.invalidDetector, "too many patterns (\(patterns.count)); the limit is \(1 << 20)")
        }
        return PatternTable(
            detectors: detectors, patterns: patterns, maxCaptureCount: maxCaptures, maxContextWindow: maxContext)
    }

    static func describe(_ detector: any Detector, _ index: Int, _ pattern: DetectorPattern) -> String {
        "detector '\(detector.id)' pattern \(index + 1) /\(pattern.regex)/"
    }

    private static func compile(
        _ pattern: DetectorPattern, detector: any Detector, detectorIndex: Int, patternIndex: Int
    ) throws(EngineError) -> CompiledPattern {
        let name = describe(detector, patternIndex, pattern)
        let regex: PCRE2Regex
        do {
            regex = try PCRE2Regex(pattern: pattern.regex, caseInsensitive: pattern.caseInsensitive, secretGroup: pattern.secretGroup)
        } catch {
            let at = error.offset.map { " at offset \($0)" } ?? ""
            throw EngineError(.invalidPattern, "\(name): \(error.reason)\(at)")
        }
        var flags = UInt32(HS_FLAG_MULTILINE)
        if pattern.caseInsensitive { flags |= UInt32(HS_FLAG_CASELESS) }
        let source = pattern.candidateRegex ?? pattern.regex
        var (info, prefilter) = try hyperscanInfo(source, flags: flags, name: name)
        if prefilter { flags |= UInt32(HS_FLAG_PREFILTER) }
        guard info.minWidth > 0 else {
            throw EngineError(.invalidPattern, "\(name): the pattern can match the empty string, which would match everywhere")
        }
        let reach = info.maxWidth
        if pattern.candidateRegex != nil {
            // The confirmation window must hold the longest match of the regex itself.
            let own = try hyperscanInfo(pattern.regex, flags: flags & ~UInt32(HS_FLAG_PREFILTER), name: name).info
            if let a = info.maxWidth, let b = own.maxWidth { info.maxWidth = max(a, b) } else { info.maxWidth = nil }
        }
        return CompiledPattern(
            detectorIndex: detectorIndex, detector: detector, patternIndex: patternIndex, regex: regex, minWidth: info.minWidth,
            maxWidth: info.maxWidth, reach: reach, requiresContext: pattern.requiresContext,
            confidence: pattern.confidence ?? detector.baseConfidence, prefilter: prefilter, hsFlags: flags,
            hyperscanSource: source, hasCandidateExpression: pattern.candidateRegex != nil, digitShape: pattern.digitShape,
            entityType: detector.entityType, detectorID: detector.id,
            keywords: detector.context.flatMap { $0.keywords.isEmpty ? nil : NeedleSet($0.keywords) },
            contextWindow: detector.context?.window ?? 0, contextBoost: detector.context?.boost ?? 0)
    }

    /// Hyperscan's facts about an expression: exact if it can, else as a prefilter (lookaround, backreferences).
    private static func hyperscanInfo(
        _ expression: String, flags: UInt32, name: String
    ) throws(EngineError) -> (info: HyperscanDatabase.Info, prefilter: Bool) {
        switch HyperscanDatabase.info(pattern: expression, flags: flags) {
        case .success(let exact):
            return (exact, false)
        case .failure(let exactError):
            switch HyperscanDatabase.info(pattern: expression, flags: flags | UInt32(HS_FLAG_PREFILTER)) {
            case .success(let approximate):
                return (approximate, true)
            case .failure(let prefilterError):
                throw EngineError(
                    .invalidPattern,
                    "\(name): Hyperscan cannot compile it (\(exactError.message); as a prefilter: \(prefilterError.message))")
            }
        }
    }

    /// Compiles the table's patterns into one Hyperscan database of the given mode.
    /// Digit patterns are left out (the digit-run scanner proposes their candidates); `nil` when no pattern is left.
    static func database(for table: PatternTable, mode: UInt32) throws(EngineError) -> HyperscanDatabase? {
        var expressions = table.patterns.enumerated().compactMap { index, pattern in
            pattern.digitShape == nil
                ? HyperscanDatabase.Expression(pattern: pattern.hyperscanSource, flags: pattern.hsFlags, id: UInt32(index)) : nil
        }
        guard !expressions.isEmpty else { return nil }
        // hs_expression_info accepts a few patterns that the full compiler rejects as exact
        // (resource limits); those fall back to prefilter mode, once each.
        while true {
            do {
                return try HyperscanDatabase(expressions: expressions, mode: mode)
            } catch {
                guard let index = error.index, expressions[index].flags & UInt32(HS_FLAG_PREFILTER) == 0 else {
                    let which = error.index.map { i -> String in
                        let p = table.patterns[Int(expressions[i].id)]
                        return describe(table.detectors[p.detectorIndex], p.patternIndex, table.detectors[p.detectorIndex].patterns[p.patternIndex])
                    } ?? "the pattern set"
                    throw EngineError(.invalidPattern, "\(which): Hyperscan cannot compile it (\(error.message))")
                }
                expressions[index].flags |= UInt32(HS_FLAG_PREFILTER)
            }
        }
    }
}
