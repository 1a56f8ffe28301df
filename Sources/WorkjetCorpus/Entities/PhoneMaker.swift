/// Telephone numbers: North American numbers in the shapes people type, and international numbers
/// written E.164-style with a country code that the ITU has assigned and a national number of that
/// country's length.
enum PhoneMaker {
    private static let phrases: [StaticString] = [
        "call ", "phone ", "Phone: ", "Tel: ", "mobile ", "cell: ", "reach me on ", "fax ", "text me at ",
        "contact number ", "ring ", "on-call: ", "dial ", "", "or ",
    ]
    private static let keys: [StaticString] = ["phone", "phone_number", "mobile", "tel", "contact_phone", "fax"]

    /// International shapes; `#` is any digit, `N` is 2-9.
    private static let international: [StaticString] = [
        "+44 20 7### ####", "+44 7### ######", "+44 161 ### ####", "+49 30 #######", "+49 1N# ########",
        "+49 89 ########", "+33 1 ## ## ## ##", "+33 6 ## ## ## ##", "+81 3 #### ####", "+81 90 #### ####",
        "+61 2 #### ####", "+61 4## ### ###", "+91 9#### #####", "+34 6## ### ###", "+39 06 #### ####",
        "+31 20 ### ####", "+55 11 9#### ####", "+52 55 #### ####", "+46 8 ### ### ##", "+41 44 ### ## ##",
        "+65 6### ####", "+353 1 ### ####", "+86 13# #### ####", "+7 495 ### ## ##", "+82 2 #### ####",
        "+27 21 ### ####", "+48 22 ### ## ##", "+972 3 ### ####", "+971 4 ### ####", "+442079######",
        "+4930#######", "+8190########",
    ]

    static func make(_ rng: inout Xoshiro256) -> Plant {
        var v = [UInt8]()
        if rng.percent(30) {
            fill(rng.pick(international), &v, &rng)
        } else {
            nanp(&v, &rng)
        }
        return Plant(type: .phone, value: v, key: rng.pick(keys), phrase: rng.pick(phrases))
    }

    private static func fill(_ shape: StaticString, _ out: inout [UInt8], _ rng: inout Xoshiro256) {
        shape.withUTF8Buffer { bytes in
            for b in bytes {
                switch b {
                case 35: out.append(48 + UInt8(rng.below(10)))  // '#'
                case 78: out.append(50 + UInt8(rng.below(8)))  // 'N'
                default: out.append(b)
                }
            }
        }
    }

    private static func nanp(_ out: inout [UInt8], _ rng: inout Xoshiro256) {
        // Area code: NXX with X-middle not 9 (reserved) and not an N11 service code.
        var area: [UInt8]
        repeat {
            area = [UInt8(rng.int(in: 2...9)), UInt8(rng.below(9)), UInt8(rng.below(10))]
        } while area[1] == 1 && area[2] == 1
        var exchange: [UInt8]
        var line: [UInt8]
        if rng.percent(40) {
            exchange = [5, 5, 5]  // 555-01XX: the range reserved for fiction and documentation
            line = [0, 1, UInt8(rng.below(10)), UInt8(rng.below(10))]
        } else {
            repeat {
                exchange = [UInt8(rng.int(in: 2...9)), UInt8(rng.below(10)), UInt8(rng.below(10))]
            } while exchange[1] == 1 && exchange[2] == 1
            line = (0..<4).map { _ in UInt8(rng.below(10)) }
        }
        let a = area.map { $0 + 48 }, e = exchange.map { $0 + 48 }, l = line.map { $0 + 48 }
        switch rng.below(12) {
        case 0, 1: out += [40] + a + [41, 32] + e + [45] + l  // (415) 555-0134
        case 2: out += a + [46] + e + [46] + l  // 415.555.0134
        case 3, 4, 5: out += a + [45] + e + [45] + l  // 415-555-0134
        case 6: out += Array("+1 ".utf8) + a + [32] + e + [32] + l  // +1 415 555 0134
        case 7: out += Array("1-".utf8) + a + [45] + e + [45] + l  // 1-415-555-0134
        case 8: out += Array("+1 (".utf8) + a + Array(") ".utf8) + e + [45] + l  // +1 (415) 555-0134
        case 9: out += Array("+1".utf8) + a + e + l  // +14155550134 (E.164)
        default:
            out += a + [45] + e + [45] + l
            let ext = rng.pick([" x", " ext. ", " ext ", "x", " extension "] as [String])
            out += Array(ext.utf8)
            for _ in 0..<rng.int(in: 2...5) { out.append(48 + UInt8(rng.below(10))) }
        }
    }
}
