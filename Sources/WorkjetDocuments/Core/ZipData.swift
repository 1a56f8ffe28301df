import CWorkjetZlib
import Foundation

/// An archive's raw bytes, and the members' data read from them at the offsets its central directory gives.
///
/// ZIPFoundation lists the members, but its extraction is not used: on Linux its read loops never end
/// when a member's data stops short of what the archive declares (a deflate stream without a final
/// block, a stored member longer than the file): at the end of the file `fread` returns nothing and
/// the loop asks again. Found by the documents fuzzer (`Fuzz/FailCases/documents/deflate-without-end`).
/// Here every read is bounded by the archive's size and every stream must end where it says it does.
final class ZipData {
    /// One central directory record.
    struct Record {
        var method: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    let size: UInt64
    private let memory: [UInt8]?
    private let file: FileHandle?

    init(bytes: [UInt8]) {
        memory = bytes
        file = nil
        size = UInt64(bytes.count)
    }

    init(path: String) throws(DocumentError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DocumentError(.readFailed, "could not open the archive to read its members")
        }
        let end: UInt64
        do { end = try handle.seekToEnd() } catch { throw DocumentError(.readFailed, "could not read the archive (\(error))") }
        memory = nil
        file = handle
        size = end
    }

    deinit { try? file?.close() }

    /// Exactly `count` bytes at `offset`, or an error naming the archive as broken.
    func read(at offset: UInt64, count: Int, member: String?) throws(DocumentError) -> [UInt8] {
        guard count >= 0, offset <= size, UInt64(count) <= size - offset else {
            throw DocumentError(.brokenArchive, "data runs past the end of the archive", member: member)
        }
        if let memory { return Array(memory[Int(offset)..<Int(offset) + count]) }
        do {
            try file!.seek(toOffset: offset)
            let data = try file!.read(upToCount: count) ?? Data()
            guard data.count == count else { throw DocumentError(.brokenArchive, "archive ends early", member: member) }
            return [UInt8](data)
        } catch let error as DocumentError {
            throw error
        } catch {
            throw DocumentError(.readFailed, "could not read the archive (\(error))", member: member)
        }
    }

    // MARK: Central directory

    /// The central directory's records, in order (ZIP64 sizes and offsets included).
    func centralDirectory(member: String?) throws(DocumentError) -> [Record] {
        let tailLength = Int(min(size, 22 + 65_535))
        let tail = try read(at: size - UInt64(tailLength), count: tailLength, member: member)
        guard tail.count >= 22, let eocd = (0...(tail.count - 22)).reversed().first(where: { Self.u32(tail, $0) == 0x0605_4b50 })
        else { throw DocumentError(.brokenArchive, "no end of central directory record", member: member) }
        var count = UInt64(Self.u16(tail, eocd + 10))
        var directorySize = UInt64(Self.u32(tail, eocd + 12))
        var directoryOffset = UInt64(Self.u32(tail, eocd + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF, eocd >= 20,
            Self.u32(tail, eocd - 20) == 0x0706_4b50
        {
            let zip64 = try read(at: Self.u64(tail, eocd - 20 + 8), count: 56, member: member)
            guard Self.u32(zip64, 0) == 0x0606_4b50 else {
                throw DocumentError(.brokenArchive, "broken ZIP64 end of central directory", member: member)
            }
            count = Self.u64(zip64, 32)
            directorySize = Self.u64(zip64, 40)
            directoryOffset = Self.u64(zip64, 48)
        }
        guard directorySize <= 256 << 20, directorySize <= size, count <= directorySize / 46 else {
            throw DocumentError(.brokenArchive, "central directory larger than the archive allows", member: member)
        }
        let directory = try read(at: directoryOffset, count: Int(directorySize), member: member)
        var records: [Record] = []
        var at = 0
        while records.count < Int(count), at + 46 <= directory.count, Self.u32(directory, at) == 0x0201_4b50 {
            let nameLength = Int(Self.u16(directory, at + 28))
            let extraLength = Int(Self.u16(directory, at + 30))
            let commentLength = Int(Self.u16(directory, at + 32))
            var record = Record(
                method: Self.u16(directory, at + 10), crc: Self.u32(directory, at + 16),
                compressedSize: UInt64(Self.u32(directory, at + 20)), uncompressedSize: UInt64(Self.u32(directory, at + 24)),
                localHeaderOffset: UInt64(Self.u32(directory, at + 42)))
            let extraStart = at + 46 + nameLength
            guard extraStart + extraLength <= directory.count else { break }
            Self.applyZip64(directory[extraStart..<extraStart + extraLength], to: &record)
            records.append(record)
            at = extraStart + extraLength + commentLength
        }
        return records
    }

    /// ZIP64 extended information (extra field 0x0001) replaces the 32-bit fields that are all ones, in order.
    private static func applyZip64(_ extra: ArraySlice<UInt8>, to record: inout Record) {
        var at = extra.startIndex
        while at + 4 <= extra.endIndex {
            let id = u16(extra, at), length = Int(u16(extra, at + 2))
            let body = at + 4
            guard body + length <= extra.endIndex else { return }
            if id == 0x0001 {
                var field = body
                func next() -> UInt64? {
                    guard field + 8 <= body + length else { return nil }
                    defer { field += 8 }
                    return u64(extra, field)
                }
                if record.uncompressedSize == 0xFFFF_FFFF, let v = next() { record.uncompressedSize = v }
                if record.compressedSize == 0xFFFF_FFFF, let v = next() { record.compressedSize = v }
                if record.localHeaderOffset == 0xFFFF_FFFF, let v = next() { record.localHeaderOffset = v }
                return
            }
            at = body + length
        }
    }

    // MARK: Members

    /// The member's data, expanded within `limits` (`total` is what the whole extraction has expanded so far).
    /// `expanded` counts the bytes produced, also when a limit stops the member.
    func extract(
        _ record: Record, limits: ExtractionLimits, total: Int, member: String, expanded: inout Int
    ) throws(DocumentError) -> [UInt8] {
        guard record.uncompressedSize <= UInt64(limits.maxMemberBytes) else {
            throw DocumentError(.tooLarge, "declares \(record.uncompressedSize) bytes, over ExtractionLimits.maxMemberBytes (\(limits.maxMemberBytes))", member: member)
        }
        let header = try read(at: record.localHeaderOffset, count: 30, member: member)
        guard Self.u32(header, 0) == 0x0403_4b50 else {
            throw DocumentError(.brokenArchive, "no local file header where the central directory points", member: member)
        }
        let start = record.localHeaderOffset + 30 + UInt64(Self.u16(header, 26)) + UInt64(Self.u16(header, 28))
        guard start <= size, record.compressedSize <= size - start else {
            throw DocumentError(.brokenArchive, "member data runs past the end of the archive", member: member)
        }
        let compressed = Int(record.compressedSize)
        var out: [UInt8] = []
        var crc: uLong = 0
        // What the decoder expanded when a limit stopped it before it handed over the last chunk.
        var decoded = 0
        defer { expanded = max(out.count, decoded) }
        let accept = { (chunk: UnsafeRawBufferPointer) throws(DocumentError) in
            out.append(contentsOf: chunk)
            crc = crc32(crc, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(chunk.count))
            guard out.count <= limits.maxMemberBytes else {
                throw DocumentError(.tooLarge, "expands past ExtractionLimits.maxMemberBytes (\(limits.maxMemberBytes))", member: member)
            }
        }
        switch record.method {
        case 0:
            guard record.compressedSize == record.uncompressedSize else {
                throw DocumentError(.brokenArchive, "stored member with two different sizes", member: member)
            }
            var offset = 0
            while offset < compressed {
                let chunk = try read(at: start + UInt64(offset), count: min(64 << 10, compressed - offset), member: member)
                offset += chunk.count
                try chunk.withUnsafeBytes { bytes in Result { () throws(DocumentError) in try accept(bytes) } }.get()
                try limits.checkExpansion(expanded: out.count, compressed: compressed, total: total + out.count, member: member)
            }
        case 8:
            // GzipDecoder in raw mode keeps the expansion limits; the stream must end within the member's data.
            let decoder = try GzipDecoder(limits: limits, member: member, alreadyExpanded: total, raw: true)
            var offset = 0
            do throws(DocumentError) {
                while offset < compressed && !decoder.isFinished {
                    let chunk = try read(at: start + UInt64(offset), count: min(64 << 10, compressed - offset), member: member)
                    offset += chunk.count
                    try decoder.write(chunk, output: accept)
                }
                try decoder.finish()
            } catch {
                decoded = decoder.expandedCount
                throw error
            }
        default:
            throw DocumentError(.brokenArchive, "compression method \(record.method) is not supported (stored and deflate are)", member: member)
        }
        guard UInt32(crc) == record.crc else { throw DocumentError(.brokenArchive, "CRC-32 mismatch: the member is corrupt", member: member) }
        return out
    }

    private static func u16<C: RandomAccessCollection>(_ b: C, _ i: C.Index) -> UInt16 where C.Element == UInt8, C.Index == Int {
        UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }
    private static func u32<C: RandomAccessCollection>(_ b: C, _ i: C.Index) -> UInt32 where C.Element == UInt8, C.Index == Int {
        UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16
    }
    private static func u64<C: RandomAccessCollection>(_ b: C, _ i: C.Index) -> UInt64 where C.Element == UInt8, C.Index == Int {
        UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32
    }
}
