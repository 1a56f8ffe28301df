import Foundation

/// Fake but valid-looking entities (Luhn-valid card, SSN outside reserved ranges, AWS-shaped key id).
enum Corpus {
    static let card = "4539 1488 0343 6467"
    static let ssn = "536-22-8745"
    static let email = "jane.doe@acme-corp.com"
    static let awsKey = "AKIAQYLPMN5HHHFPZAM2"

    /// A folder with text files holding entities, a clean file, a binary file and a FIFO.
    static func folder() throws -> TempFolder {
        let folder = try TempFolder()
        try folder.write("docs/a.txt", "hello\nPay with card \(card) today.\nSSN \(ssn) on file\n")
        try folder.write("docs/clean.md", "# Nothing to see\nJust prose.\n")
        try folder.write("logs/app.log", "2024-01-01 login ok user=\(email)\naws_access_key_id = \(awsKey)\n")
        try folder.write("logs/allowed.log", "test card \(card) workjet:allow\n")
        try folder.write("bin/blob.dat", bytes: [0x7f, 0x45, 0x4c, 0x46, 0, 0, 1] + Array("card \(card)".utf8))
        mkfifo(folder.path + "/logs/pipe", 0o644)
        return folder
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        }
    }
}
