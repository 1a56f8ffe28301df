// The provider token formats below are public facts: prefixes, alphabets and lengths as the providers
// document them (and as secret scanners such as gitleaks and GitHub's secret scanning list them).
// Examples are random strings of the right shape, not real credentials.

/// Built-in `API_SECRET` detectors: one per provider token format, a PEM private-key detector and
/// generic keyword assignments. Each has its own id so that policies can act on one provider.
enum BuiltinSecretDetectors {
    /// (id, pattern, confidence, example, negative example, description)
    static let providerFormats: [(id: String, regex: String, confidence: Double, example: String, negative: String, about: String)] = [
        ("github_pat", #"(?<![A-Za-z0-9_-])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])"#, 0.95, #"ghp_bBRsk29cztUX1kmObfEjdpyHGfY5PBNaNKNY"#, #"ghp_d7pMCapFTzdbKB1Ga8FPJsKbMnY0LcUwE4B"#, "GitHub classic personal access token"),
        ("github_oauth_token", #"(?<![A-Za-z0-9_-])gho_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])"#, 0.95, #"gho_oMMc8b6ZGZkWBvKQXfVzUrrrUaR46drUvLin"#, #"gho_bJC6RQuFlBnDomtQhA14VqnPa5lwOo"#, "GitHub OAuth access token"),
        ("github_app_token", #"(?<![A-Za-z0-9_-])(?:ghu|ghs)_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])"#, 0.95, #"ghs_0OpGcSDuJZKMvlsbxFHz9GuXlmPvNRB0tR1l"#, #"ghx_irRVzYkBEyhiXUTdSZZqPy7tTKP6RUDLYLvq"#, "GitHub App user-to-server and server-to-server tokens"),
        ("github_refresh_token", #"(?<![A-Za-z0-9_-])ghr_[A-Za-z0-9]{36,76}(?![A-Za-z0-9_-])"#, 0.95, #"ghr_sKt3sVNrCtNuPBUKibc7XiiDvDlr3qBiwBNPBACZMzla6MkXpsaCoKaEF7UV2PUBKiCUbyMJcxDW"#, #"ghr_o7hq5onH1ap2Iyl7TY3D"#, "GitHub refresh token"),
        ("github_fine_grained_pat", #"(?<![A-Za-z0-9_-])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_-])"#, 0.97, #"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"#, #"github_pat_apEEiee4epBQSpb9VGsghw_lCSaIFWhNMDoyrCLi25SVRQWbP0od7fZ7wltnJLX"#, "GitHub fine-grained personal access token"),
        ("gitlab_pat", #"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])"#, 0.95, #"glpat-NxGu5sI2hLSZcPE0Dso6"#, #"glpat-D0T8vQqyZ1sa"#, "GitLab personal access token"),
        ("slack_token", #"(?<![A-Za-z0-9_-])xox[abposr]-[0-9A-Za-z]{1,40}-[0-9A-Za-z-]{8,200}(?![A-Za-z0-9_-])"#, 0.9, #"xoxb-655066910679-1588423585422-3EU5qFWjxOlHCsHO4b8gjmbX"#, #"xoxz-670325862406-WYDilRDZqbyN5muNwNroWEsg"#, "Slack bot, user, app and refresh tokens"),
        ("slack_webhook_url", #"https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}(?![A-Za-z0-9_-])"#, 0.95, #"https://hooks.slack.com/services/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"#, #"https://hooks.slack.com/services/TCUIEEPHZDJ/B123/PSQql1KQon8iJXSDM0Jv4XHO"#, "Slack incoming webhook URL"),
        ("stripe_live_key", #"(?<![A-Za-z0-9_-])(?:sk|rk)_live_[0-9a-zA-Z]{24,99}(?![A-Za-z0-9_-])"#, 0.97, #"sk_live_dtsnQL4KTTzrpZBzoUQ9N5Ub"#, #"sk_live_aLOS5OAvP7"#, "Stripe live secret and restricted keys"),
        ("stripe_webhook_secret", #"(?<![A-Za-z0-9_-])whsec_[A-Za-z0-9]{32,64}(?![A-Za-z0-9_-])"#, 0.95, #"whsec_dxamzpvLJ0Zx6maUhHTz9SvKRidQZhUs"#, #"whsec_BZc3QaMhf5b27qL3"#, "Stripe webhook signing secret"),
        ("openai_api_key", #"(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])"#, 0.98, #"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"#, #"sk-proj-no8Hu9lnskm7WQNjzm7PkysK5tH7aOr2idTn80qkZc0w7njn7chNaACUAHyA"#, "OpenAI API key (legacy, project, service-account and admin)"),
        ("anthropic_api_key", #"(?<![A-Za-z0-9_-])sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])"#, 0.98, #"sk-ant-api03-WkgxuEFqLNZ-7RSttQWkWakiqx1f6z4yfTcCpHTAkclFYhc9mH177FzI2NI-IuVbtJUbufuezwIRXAh3jOEEOWFVRRh1TAA"#, #"sk-ant-api03-fpSOMEyVoSq9TQOiJZTh0CAsvVFWeRDtYTd5CIM3"#, "Anthropic API key"),
        ("google_api_key", #"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"#, 0.95, #"AIzaK0jxGdqH0Tz0IpZkWxcnWSlJUjjNPQ0p0Xb"#, #"AIza53j1sKDcy86ar5ZMIPDQ"#, "Google API key"),
        ("twilio_api_key", #"(?<![A-Za-z0-9_-])SK[0-9a-fA-F]{32}(?![A-Za-z0-9_-])"#, 0.85, #"SKd12a364f9bfedd4a7edc321dcaaef9e3"#, #"SKbb6f3d57a91383156b39dbd78e79028"#, "Twilio API key SID"),
        ("sendgrid_api_key", #"(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"#, 0.97, #"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"#, #"SG.I4xlcXllzX6AlB4TrO7t1I.Pq52HRUbNebTkw48Cuhz"#, "SendGrid API key"),
        ("npm_token", #"(?<![A-Za-z0-9_-])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])"#, 0.95, #"npm_QSHMDgm7S42JuGWIiX20Rid6gEEZ5dg653nl"#, #"npm_vMdUVOnnS6owiQWJDrH2"#, "npm access token"),
        ("pypi_token", #"(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])"#, 0.97, #"pypi-AgEIcHlwaS5vcmcVSykIPzJlER2Wow3j74v9qD7IfmRy1owAN6USHu08rKVqHGtFFx442fRM4YpcldhhNny-6"#, #"pypi-AgEIcHlwaS5vcmc2NBfLyNVXtv56RRFfs7U"#, "PyPI upload token"),
        ("huggingface_token", #"(?<![A-Za-z0-9_-])hf_[A-Za-z]{34}(?![A-Za-z0-9_-])"#, 0.9, #"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"#, #"hf_cqDmNVhJecFsTdCDoCKc"#, "Hugging Face access token"),
        ("digitalocean_token", #"(?<![A-Za-z0-9_-])do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9_-])"#, 0.97, #"dop_v1_02cff621a857d0cd935ed957b43dbe5d3bbb77bab78233fa7eedabede16d336a"#, #"dop_v1_1c5f03a7cc3e87d862a551d69633be"#, "DigitalOcean personal, OAuth and refresh tokens"),
        ("shopify_token", #"(?<![A-Za-z0-9_-])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9_-])"#, 0.95, #"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"#, #"shpat_03374df49c3efead73f1"#, "Shopify access tokens and shared secrets"),
        ("mailgun_api_key", #"(?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9_-])"#, 0.85, #"key-9e57626b4905956d8e495d6dffc0d627"#, #"key-mmljhmojllmhollnmolplllopgmokmml"#, "Mailgun API key"),
        ("mailchimp_api_key", #"(?<![A-Za-z0-9_-])[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9_-])"#, 0.9, #"fca8aa8b2e5deea9a94c787afeaf2478-us14"#, #"c813ccc8d69304aee0f035d747a963c1-eu14"#, "Mailchimp API key"),
        ("square_token", #"(?<![A-Za-z0-9_-])(?:sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])"#, 0.9, #"sq0atp-5suvPWK6xNXxW0bShyNOCe"#, #"sq0atp-ictgn9aPWO"#, "Square access token and OAuth secret"),
        ("databricks_token", #"(?<![A-Za-z0-9_-])dapi[a-f0-9]{32}(?:-[0-9])?(?![A-Za-z0-9_-])"#, 0.9, #"dapib31161b6481fe53e11d53baee7fba433"#, #"dapi66f0876745072ece"#, "Databricks personal access token"),
        ("linear_api_key", #"(?<![A-Za-z0-9_-])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_-])"#, 0.95, #"lin_api_WEeL28BsbviIRcf5OIAA6C6jigJv2x978PPjeBZr"#, #"lin_api_1yJeDG3VKJhaLcswb4B8"#, "Linear API key"),
        ("postman_api_key", #"(?<![A-Za-z0-9_-])PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![A-Za-z0-9_-])"#, 0.97, #"PMAK-d900ce5efd4c0c4bd42c2bac-baf98e1b39455632dc1d8fe58c5b611d7f"#, #"PMAK-451083e312db74cf49858b3f"#, "Postman API key"),
        ("new_relic_key", #"(?<![A-Za-z0-9_-])NRAK-[A-Z0-9]{27}(?![A-Za-z0-9_-])"#, 0.95, #"NRAK-3ZQM9XQHCOPQ7GYAM8P54RJH1MR"#, #"NRAK-PFNWAWOZLF"#, "New Relic user API key"),
        ("grafana_token", #"(?<![A-Za-z0-9_-])(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9_-])"#, 0.95, #"glsa_uOAhS0btvD7wUuHSQvf6yquK90wK1uQW_470a6e1c"#, #"glsa_QLWRA4ACPUpm"#, "Grafana service-account and cloud tokens"),
        ("vault_token", #"(?<![A-Za-z0-9_-])hvs\.[A-Za-z0-9_-]{24,200}(?![A-Za-z0-9_-])"#, 0.9, #"hvs.r61FwruSxCm9yRyKKIHSsjk-4PcVgiD3YUzROuic7NOAyrpyQ06fVpZ1YhhJcN-P_VLv0KL6xeqVcTapLeiFHTZ277"#, #"hvs.nPV41wNhJ9"#, "HashiCorp Vault service token"),
        ("age_secret_key", #"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"#, 0.99, #"AGE-SECRET-KEY-1YL2KZYKKN2JKF0L8CTDMTC7L2LXNM9EPDLET4XP7P46SJ2E4FX5FXMTQNU"#, #"AGE-SECRET-KEY-19RJWW34SJ8PNWQEFJ0R8"#, "age encryption secret key"),
        ("telegram_bot_token", #"(?<![A-Za-z0-9_-])[0-9]{8,10}:AA[0-9A-Za-z_-]{33}(?![A-Za-z0-9_-])"#, 0.9, #"0328854122:AARjy2_L6yrwNMnE_GSNxtY08Zpt1hKSUU2"#, #"1939111212:AB0g2m0Zs92LjbZrxiHyC3tJZNjixuJShMP"#, "Telegram bot token"),
        ("azure_storage_key", #"(?i:AccountKey)=(?<secret>[A-Za-z0-9+/]{86}==)"#, 0.95, #"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=zMOfPImr7s41XiJR/1lu1xz/1B4li0ZZ4+rBQlORpSsU9DcykeBrhpvAz4+snXm/Ky8LC8HZCTEc0oVoli+fMM==;EndpointSuffix=core.windows.net"#, #"AccountKey=C24yKQ6EvyoDVKeDOawNu2k1IIP8ijysIZbfQNBr=="#, "Azure storage account key in a connection string"),
        ("dropbox_token", #"(?<![A-Za-z0-9_-])sl\.[A-Za-z0-9_-]{130,152}(?![A-Za-z0-9_-])"#, 0.9, #"sl.tUVWJmt3OaLL-H2DLIyvlisrtaFyVuq9g3yGbklIMHrsQdYmXwwFDoAv311RG0Yuv_52TuehEbuu9PQG7JIQB6Q-4Qede_JPij1GAu5k3yDcxdeUVz607YmqAXUByDAhEOpv6Ra"#, #"sl.YFrOdTcFuxJrG4MopcfIvEo1gL7kHEEi9lc6vPhE"#, "Dropbox short-lived access token"),
        ("workjet_api_key", #"(?<![A-Za-z0-9_-])wj_live_[0-9A-Za-z]{43,64}(?![A-Za-z0-9_-])"#, 0.99, #"wj_live_qE0DPrEMFIM01DDN5zrxxOHFu1swDg13KvQ0Kc5MU9h"#, #"wj_live_cxkVeHiZ6focQnKauWuC"#, "Workjet gateway API key"),
        ("jwt", #"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,1000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{0,1000}(?![A-Za-z0-9_-])"#, 0.85, #"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJVM1ZDZzJGSGNpIiwibmFtZSI6IkFkYSIsImlhdCI6MTcwMDAwMDAwMH0.bMtnr3bshn53HPpf2RVyS6Y6nqa31CSg-CzZ01Du_yF"#, #"eyJhbGciOi.notatoken.x"#, "JSON Web Token (header checked to decode to JSON naming an alg)"),
    ]

    /// The Hyperscan candidate expression of a provider format: the token boundaries, written as
    /// lookarounds so that PCRE2 applies them exactly, become `\b` where every match also satisfies
    /// `\b`; Hyperscan then runs the format exactly instead of as a prefilter, which measured about
    /// 1.5 times faster for the database of the secret formats. `nil` when the rewrite does not apply.
    ///
    /// - A leading `(?<![A-Za-z0-9_-])` before a letter or digit: the byte before a match is not a word
    ///   character, so `\b` holds.
    /// - A trailing `(?![A-Za-z0-9_-])` after a character class of word characters only: the match ends
    ///   with a word character and the next byte is not one, so `\b` holds. After any other class the
    ///   lookahead is dropped (a wider candidate set, which PCRE2 narrows).
    static func wordBoundaryCandidate(_ regex: String) -> String? {
        let before = "(?<![A-Za-z0-9_-])", after = "(?![A-Za-z0-9_-])"
        var body = Substring(regex)
        var head = "", tail = ""
        if body.hasPrefix(before), let next = body.dropFirst(before.count).first, next.isASCII, next.isLetter || next.isNumber {
            body = body.dropFirst(before.count)
            head = #"\b"#
        }
        if body.hasSuffix(after) {
            body = body.dropLast(after.count)
            tail = endsWithWordClass(body) ? #"\b"# : ""
        }
        let candidate = head + body + tail
        // Only worth it if no other lookaround is left for Hyperscan to approximate.
        guard candidate != regex, !candidate.contains("(?<"), !candidate.contains("(?="), !candidate.contains("(?!") else {
            return nil
        }
        return candidate
    }

    /// Whether `body` ends with a character class of word characters (`[A-Za-z0-9_]` and ranges of them)
    /// under a quantifier.
    private static func endsWithWordClass(_ body: Substring) -> Bool {
        guard let close = body.lastIndex(of: "]"), let open = body[..<close].lastIndex(of: "[") else { return false }
        let quantifier = body[body.index(after: close)...]
        guard quantifier == "+" || (quantifier.hasPrefix("{") && quantifier.hasSuffix("}") && !quantifier.dropFirst().contains("{")) else {
            return false
        }
        let members = Array(body[body.index(after: open)..<close])
        guard members.first != "^" else { return false }
        var i = 0
        while i < members.count {
            let c = members[i]
            if i + 2 < members.count, members[i + 1] == "-" {
                guard c.isASCII, members[i + 2].isASCII, c.isLetter || c.isNumber, members[i + 2].isLetter || members[i + 2].isNumber else { return false }
                i += 3
                continue
            }
            guard c.isASCII, c.isLetter || c.isNumber || c == "_" else { return false }
            i += 1
        }
        return true
    }
}
