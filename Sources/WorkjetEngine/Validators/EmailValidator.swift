/// Email addresses: local-part rules (RFC 5321 dot-atom, no leading, trailing or double dot)
/// and a top-level domain that exists (IANA root zone: generic TLDs in common use and every
/// ISO 3166 country code).
public struct EmailValidator: Validator {
    /// Creates the validator.
    public init() {}

    /// `false`: the value alone decides.
    public var readsContextKeyword: Bool { false }

    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        guard let at = value.firstIndex(of: 64) else { return .invalid }
        let local = value[..<at], domain = value[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, local.first != 46, local.last != 46 else { return .invalid }
        var previous: UInt8 = 0
        for b in local {
            if b == 46 && previous == 46 { return .invalid }
            previous = b
        }
        guard let lastDot = domain.lastIndex(of: 46) else { return .invalid }
        guard Self.isTopLevelDomain(UnsafeRawBufferPointer(rebasing: value[(lastDot + 1)...])) else { return .invalid }
        // Labels must not start or end with a hyphen, nor be empty.
        var labelStart = at + 1
        for i in (at + 1)...value.count {
            if i == value.count || value[i] == 46 {
                if i == labelStart || value[labelStart] == 45 || value[i - 1] == 45 { return .invalid }
                labelStart = i + 1
            }
        }
        return .valid
    }

    /// TLDs of up to eight letters packed into an integer, so the lookup allocates nothing.
    static let packedTopLevelDomains: Set<UInt64> = Set(topLevelDomains.compactMap { pack(Array($0.utf8)[...]) })

    static func pack<C: Collection>(_ bytes: C) -> UInt64? where C.Element == UInt8 {
        guard bytes.count <= 8 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64(ASCII.lower($1)) }
    }

    static func isTopLevelDomain(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let packed = pack(bytes) { return packedTopLevelDomains.contains(packed) }
        return topLevelDomains.contains(String(decoding: bytes.map(ASCII.lower), as: UTF8.self))
    }

    static let topLevelDomains: Set<String> = {
        let generic = """
            com net org edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs cat \
            io ai app dev co me tv cc ly gg sh ac xyz online site tech store blog cloud email design \
            shop live news agency digital media solutions services company network systems world global \
            group team space art health finance bank insurance law legal consulting studio software \
            work life today center academy education school university inc llc ltd page link club \
            one zone run host website wiki page review social events gmbh berlin london nyc paris tokyo
            """
        let countries = """
            ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs \
            bt bw by bz ca cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg \
            er es et eu fi fj fk fm fo fr ga gd ge gf gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr \
            ht hu id ie il im in iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk \
            lr ls lt lu lv ma mc md mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng \
            ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc \
            sd se sg si sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tw tz \
            ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
            """
        return Set((generic + " " + countries).split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()
}
