/// Application logs: ISO timestamps, levels, services, request ids, client IPs and key=value fields.
enum LogTemplate {
    static func header(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(DecoyValues.timestamp(&rng))
        w.add(" ")
        w.add(rng.pick(Vocabulary.logLevels))
        w.add(" [")
        w.add(rng.pick(Vocabulary.services))
        w.add("] ")
    }

    static func filler(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        header(&w, &rng)
        if rng.percent(40) {
            // Access-log shape.
            w.add(rng.pick(Vocabulary.methods))
            w.add(" ")
            w.add(rng.pick(Vocabulary.paths))
            w.add(" status=")
            w.add(rng.pick(["200", "200", "201", "204", "301", "400", "401", "404", "500", "503"] as [StaticString]))
            w.add(" duration_ms=")
            w.add(number: rng.int(in: 1...4000))
            w.add(" bytes=")
            w.add(number: rng.int(in: 0...90000))
        } else {
            w.add(rng.pick(Vocabulary.logMessages))
            w.add(" ")
            w.add(rng.pick(Vocabulary.identifiers))
            w.add("=")
            w.add(number: rng.int(in: 0...500))
        }
        w.add(" request_id=")
        w.add(DecoyValues.uuid(&rng))
        if rng.percent(50) {
            w.add(" client_ip=")
            w.add(DecoyValues.ipv4(&rng))
        }
        w.add("\n")
    }

    static func entity(_ plant: Plant, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        header(&w, &rng)
        w.add(rng.pick(Vocabulary.logMessages))
        w.add(" ")
        w.write(plant, style: .log, rng: &rng)
        if !plant.isHeader && !plant.multiline && rng.percent(50) {
            w.add(" request_id=")
            w.add(DecoyValues.uuid(&rng))
        }
        w.add("\n")
    }

    static func decoy(_ decoy: Decoy, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        header(&w, &rng)
        w.add(rng.pick(Vocabulary.logMessages))
        w.add(" ")
        w.write(decoy, style: .log)
        w.add("\n")
    }
}
