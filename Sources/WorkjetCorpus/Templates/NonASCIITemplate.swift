/// Text in German, French, Japanese and Russian, with emoji, carrying entities in the middle of
/// multi-byte characters (offsets stay byte offsets).
enum NonASCIITemplate {
    private static let sentences: [StaticString] = [
        "Sehr geehrte Damen und Herren, anbei die Unterlagen für die Prüfung. ",
        "Die Rechnung wurde gestern überwiesen; bitte bestätigen Sie den Eingang. ",
        "Bonjour à tous, la réunion de jeudi est déplacée à 14 h. ",
        "Merci de vérifier les pièces jointes avant l'envoi au client. ",
        "お疲れ様です。資料を共有しますので、ご確認ください。",
        "来週の会議は火曜日に変更になりました。",
        "Здравствуйте! Отчёт за квартал готов, посмотрите, пожалуйста. ",
        "Спасибо за быструю помощь с заказом. ",
        "🎉 Release is out! 🚀 ",
        "Grüße aus München ☕ ",
        "¿Podrías revisar el contrato antes del viernes? ",
    ]

    static func filler(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(rng.pick(sentences))
        if rng.percent(15) { w.add("\n") }
    }

    static func entity(_ plant: Plant, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(rng.pick(sentences))
        var p = plant
        if let local = lead(for: plant, &rng) { p.phrase = local }
        if p.multiline || p.isHeader { w.add("\n") }
        w.write(p, style: .prose, rng: &rng)
        if p.type == .apiSecret || p.type == .awsSecretAccessKey {
            w.add("\n")
        } else {
            w.add(rng.pick(["。", ". ", " 👍 ", "、", " — danke. ", " ✅\n"] as [StaticString]))
        }
    }

    /// A local-language lead-in where the value does not need an English keyword to be recognisable.
    private static func lead(for plant: Plant, _ rng: inout Xoshiro256) -> StaticString? {
        switch plant.type {
        case .creditCard: return rng.pick(["Kartennummer: ", "numéro de carte : ", "カード番号：", "номер карты: ", "💳 "])
        case .email: return rng.pick(["E-Mail: ", "courriel : ", "メール：", "почта: ", "📧 "])
        case .phone:
            // Bare ten-digit numbers need an ASCII keyword; every other shape stands on its own.
            return plant.value.count == 10 ? nil : rng.pick(["Telefon: ", "tél. : ", "電話：", "телефон: ", "📞 "])
        case .awsAccessKeyID: return rng.pick(["Zugangsschlüssel ", "clé d'accès ", "アクセスキー："])
        case .usSSN: return plant.value.count == 11 ? rng.pick(["Sozialversicherungsnummer (SSN) ", "社会保障番号 SSN：", "SSN/номер: "]) : nil
        default: return nil
        }
    }

    static func decoy(_ decoy: Decoy, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(rng.pick(sentences))
        w.write(decoy, style: .prose)
        w.add(rng.pick(["。", ". ", " 🙂\n"] as [StaticString]))
    }
}
