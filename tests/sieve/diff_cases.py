"""The scripts of the differential test. Each runs against every message in messages/, so the
table times the corpus gives the pairs. Scripts avoid what legitimately varies between runs
(the current time beyond the year, generated Message-IDs)."""

# Scripts that "include" read these, from the personal and global script directories.
PERSONAL_INCLUDES = {
    "lists": 'require ["fileinto"];\nif exists "list-id" { fileinto "Lists"; }\n',
    "spam": 'require ["fileinto", "include"];\nif header :contains "subject" "money" { fileinto "Junk"; return; }\n'
            'if header :is "x-spam-flag" "YES" { fileinto "Junk2"; }\n',
    "setvar": 'require ["include", "variables"];\nglobal "folder";\nset "folder" "from-include";\n',
}
GLOBAL_INCLUDES = {
    "always": 'require ["imap4flags"];\naddflag "global-seen";\n',
}

SCRIPTS = {
    # RFC 5228 core
    "empty": "",
    "keep": "keep;",
    "discard": "discard;",
    "stop_before": 'require "fileinto";\nstop;\nfileinto "never";\n',
    "redirect": 'redirect "archive@example.net";',
    "redirect_dup": 'redirect "a@example.net"; redirect "<a@EXAMPLE.net>";',
    "fileinto_dup": 'require "fileinto";\nfileinto "A"; fileinto "A"; keep; fileinto "inbox";\n',
    "rfc5228_s9": (
        'require ["fileinto"];\n'
        'if header :is "Sender" "owner-sieve@lists.example.net" { fileinto "filter"; }\n'
        'elsif address :DOMAIN :is ["From", "To"] "example.com" { keep; }\n'
        'elsif anyof (NOT address :all :contains ["To", "Cc", "Bcc"] "me@example.com",\n'
        '             header :matches "subject" ["*make*money*fast*", "*university*dipl*mas*"]) { discard; }\n'
        'else { fileinto "personal"; }\n'),
    "header_contains": 'require "fileinto";\nif header :contains "subject" ["report", "status", "lunch"] { fileinto "work"; }\n',
    "header_is_casemap": 'if header :is "subject" "STATUS" { discard; }',
    "header_octet": 'if header :is :comparator "i;octet" "subject" "STATUS" { discard; }',
    "header_matches": 'require "fileinto";\nif header :matches "subject" ["*money*", "?eport*", "Re: *"] { fileinto "m"; }\n',
    "header_decoded": 'if header :contains "subject" "Réunion" { discard; }',
    "exists": 'require "fileinto";\nif exists ["list-id", "list-post"] { fileinto "lists"; } elsif not exists "message-id" { discard; }\n',
    "address_parts": ('require "fileinto";\n'
                      'if address :localpart :is "from" "bob" { fileinto "bob"; }\n'
                      'if address :domain :is "from" "EXAMPLE.NET" { fileinto "dot-net"; }\n'
                      'if address :all :contains ["to", "cc"] "me@" { fileinto "to-me"; }\n'),
    "size_over": 'if size :over 400 { discard; }',
    "size_under": 'require "fileinto";\nif size :under 300 { fileinto "small"; }\n',
    "allof_anyof": ('require "fileinto";\nif allof (exists "from", anyof (header :contains "subject" "x", '
                    'header :contains "subject" "e")) { fileinto "yes"; }\n'),
    "envelope": ('require ["envelope", "fileinto"];\n'
                 'if envelope :domain :is "from" "example.org" { fileinto "org"; }\n'
                 'if envelope :localpart :is "to" "me" { fileinto "me"; }\n'),
    "reject": 'require "reject";\nif header :contains "subject" "money" { reject "No spam, thanks."; }\n',
    "reject_conflict": 'require ["reject", "fileinto"];\nfileinto "x";\nreject "no";\n',
    "reject_discard": 'require "reject";\nreject "go away"; discard;\n',
    # fileinto / copy / mailbox
    "copy": 'require ["fileinto", "copy"];\nfileinto :copy "Archive"; redirect :copy "backup@example.net";\n',
    "mailbox_create": 'require ["fileinto", "mailbox"];\nfileinto :create "Created";\n',
    # variables
    "variables_matches": ('require ["variables", "fileinto"];\n'
                          'if header :matches "from" "*<*@*>*" { fileinto "from.${2}.${3}"; }\n'
                          'elsif header :matches "from" "*@*" { fileinto "bare.${1}.${2}"; }\n'),
    "variables_modifiers": ('require ["variables", "fileinto"];\n'
                            'if header :matches "subject" "*" { set :lower :length "len" "${1}"; '
                            'set :upperfirst "s" "${1}"; }\n'
                            'if string :value "gt" :comparator "i;ascii-numeric" "${len}" "15" { fileinto "long"; }\n'
                            'else { fileinto "short"; }\n'),
    "variables_list": ('require ["variables", "fileinto"];\n'
                       'if header :matches "List-Id" "*<*>" { set :lower "l" "${2}"; fileinto "lists/${l}"; }\n'),
    "string_count": ('require ["variables", "relational", "fileinto"];\n'
                     'set "a" "x"; set "b" "";\n'
                     'if string :count "eq" ["${a}", "${b}", "y"] "2" { fileinto "two"; }\n'),
    # relational
    "relational_count": ('require ["relational", "comparator-i;ascii-numeric", "fileinto"];\n'
                         'if address :count "ge" :comparator "i;ascii-numeric" ["to", "cc"] "3" { fileinto "many"; }\n'),
    "relational_value": ('require ["relational", "comparator-i;ascii-numeric", "fileinto"];\n'
                         'if header :value "lt" :comparator "i;ascii-numeric" "x-priority" "3" { fileinto "prio"; }\n'
                         'if header :count "eq" :comparator "i;ascii-numeric" "x-a" "3" { fileinto "three-a"; }\n'
                         'if header :count "eq" "received" "2" { fileinto "two-received"; }\n'),
    # imap4flags
    "flags_internal": 'require "imap4flags";\nsetflag "\\\\Seen"; addflag ["\\\\Flagged", "work"]; removeflag "work";\n',
    "flags_fileinto": ('require ["imap4flags", "fileinto"];\nif header :contains "subject" "report" '
                       '{ fileinto :flags "\\\\Flagged important" "Reports"; }\naddflag "$Seen-by-sieve";\n'),
    "hasflag": ('require ["imap4flags", "fileinto"];\naddflag "a"; addflag "b";\n'
                'if hasflag :is "b" { fileinto "has-b"; }\nif hasflag :contains "x" { fileinto "never"; }\n'),
    # subaddress
    "subaddress": ('require ["envelope", "subaddress", "fileinto", "variables"];\n'
                   'if address :detail :matches "to" "*" { fileinto "detail-${1}"; }\n'
                   'if envelope :user "to" "me" { fileinto "user-me"; }\n'),
    # body
    "body_text": 'require ["body", "fileinto"];\nif body :text :contains "missile" { fileinto "secrets"; }\n',
    "body_content": ('require ["body", "fileinto"];\nif body :content "text/html" :contains "<b>" { fileinto "html"; }\n'
                     'if body :content "application" :contains "" { fileinto "attachment"; }\n'),
    "body_raw": 'require ["body", "fileinto"];\nif body :raw :contains "caf=E9" { fileinto "raw-qp"; }\n',
    # include
    "include": ('require ["include", "fileinto", "variables"];\nglobal "folder";\n'
                'include :personal "lists";\ninclude :personal "spam";\ninclude :global "always";\n'
                'include :once "setvar";\nfileinto "${folder}";\n'),
    "include_optional": 'require "include";\ninclude :optional "does-not-exist";\n',
    # date / index
    "date_parts": ('require ["date", "fileinto", "variables"];\n'
                   'if date :matches :zone "+0000" "date" "date" "*" { set "d" "${1}"; }\n'
                   'if date :is :zone "+0000" "date" "weekday" ["0", "6"] { fileinto "weekend"; }\n'
                   'fileinto "day-${d}";\n'),
    "date_originalzone": ('require ["date", "relational", "fileinto"];\n'
                          'if date :value "ge" :originalzone "date" "hour" "09" { fileinto "after-nine"; }\n'
                          'if date :is :originalzone "date" "zone" "+0100" { fileinto "plus-one"; }\n'),
    "date_received_index": ('require ["date", "index", "fileinto", "variables"];\n'
                            'if date :index 1 :zone "+0000" :matches "received" "time" "*" { fileinto "rcvd-${1}"; }\n'),
    "currentdate": ('require ["date", "relational", "fileinto"];\n'
                    'if currentdate :value "ge" "year" "2020" { fileinto "recent"; }\n'),
    "header_index": 'require ["index", "fileinto"];\nif header :index 2 "x-a" "two" { fileinto "second"; }\n'
                    'if header :index 1 :last "x-a" "three" { fileinto "last"; }\n',
    # editheader
    "editheader_add": ('require ["editheader", "fileinto"];\naddheader "X-Filtered" "yes";\n'
                       'if header :is "x-filtered" "yes" { fileinto "filtered"; }\n'),
    "editheader_delete": ('require ["editheader", "fileinto", "index"];\ndeleteheader :index 2 "x-a";\n'
                          'if header :index 2 "x-a" "three" { fileinto "deleted-two"; }\n'
                          'deleteheader "subject";\nif not exists "subject" { fileinto "no-subject"; }\n'),
    "editheader_protected": ('require ["editheader", "fileinto"];\ndeleteheader "received";\n'
                             'if exists "received" { fileinto "still-received"; }\n'),
    # mailbox / environment / ihave
    "mailboxexists": 'require ["mailbox", "fileinto"];\nif mailboxexists "INBOX" { fileinto "inbox-exists"; }\n',
    "environment": ('require ["environment", "fileinto"];\n'
                    'if environment :is "location" "MDA" { fileinto "mda"; }\n'
                    'if environment :is "phase" "during" { fileinto "during"; }\n'),
    "ihave": ('require ["ihave", "fileinto"];\nif ihave "x-not-there" { x_cmd "y"; }\n'
              'elsif ihave "copy" { fileinto :copy "copied"; }\n'),
    "ihave_error": 'require "ihave";\nif header :contains "subject" "money" { error "refusing spam"; }\n',
    # enotify
    "notify": ('require ["enotify", "variables"];\nif header :matches "subject" "*" {\n'
               '  notify :message "New: ${1}" "mailto:pager@example.net";\n}\n'),
    "valid_notify_method": ('require ["enotify", "fileinto"];\n'
                            'if valid_notify_method "mailto:a@example.net" { fileinto "valid"; }\n'
                            'if valid_notify_method "mailto:" { fileinto "invalid"; }\n'),
    # duplicate
    "duplicate": 'require ["duplicate", "fileinto"];\nif duplicate { fileinto "dup"; } else { fileinto "first"; }\n',
    "duplicate_twice": ('require ["duplicate", "fileinto"];\nif duplicate :seconds 60 { fileinto "dup1"; }\n'
                        'if duplicate :seconds 60 { fileinto "dup2"; }\nif duplicate :handle "h" :uniqueid "x" { discard; }\n'),
    # regex
    "regex": ('require ["regex", "variables", "fileinto"];\n'
              'if header :regex "subject" "^\\\\[([a-z]+)\\\\]" { fileinto "re-${1}"; }\n'
              'elsif address :regex "from" "^([a-z]+)@example\\\\.(org|net)$" { fileinto "re-${1}-${2}"; }\n'),
    # spamtest
    "spamtest": ('require ["spamtest", "relational", "comparator-i;ascii-numeric", "fileinto"];\n'
                 'if spamtest :value "ge" :comparator "i;ascii-numeric" "5" { fileinto "spam"; }\n'
                 'elsif spamtest :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "untested"; }\n'),
    "spamtestplus": ('require ["spamtestplus", "relational", "comparator-i;ascii-numeric", "fileinto", "variables"];\n'
                     'if spamtest :percent :matches "*" { fileinto "pct-${1}"; }\n'),
    # mime / foreverypart
    "mime_anychild": ('require ["mime", "fileinto"];\n'
                      'if header :mime :anychild :contenttype "content-type" "text/html" { fileinto "has-html"; }\n'
                      'if header :mime :type "content-type" "multipart" { fileinto "multipart"; }\n'),
    "foreverypart": ('require ["foreverypart", "mime", "fileinto", "variables"];\n'
                     'foreverypart {\n  if header :mime :param "filename" :contains "content-disposition" "important" {\n'
                     '    fileinto "important"; break;\n  }\n}\n'),
    # vacation (Pigeonhole is run with -e to learn whether it really answers)
    "vacation_plain": 'require "vacation";\nvacation :days 3 "I am away this week.";\n',
    "vacation_subject": ('require ["vacation", "variables"];\nif header :matches "subject" "*" {\n'
                         '  vacation :subject "Away: ${1}" :from "me@example.com" "Back on Monday.";\n}\n'),
    "vacation_addresses": ('require "vacation";\nvacation :addresses ["team@example.com"] :handle "team" '
                           '"The team is away.";\n'),
    "vacation_fileinto": 'require ["vacation", "fileinto", "mailbox"];\nfileinto :create "Away";\nvacation "Away.";\n',
    # more edge cases
    "size_lf_edge": 'if size :over 185 { discard; }',
    "size_lf_edge2": 'if size :over 186 { discard; }',
    "escapes_matches": 'if header :matches "subject" "*\\?" { discard; }',
    "matches_question": 'require "fileinto";\nif header :matches "subject" ["St?tus", "*Friday?"] { fileinto "q"; }\n',
    "encoded_character": ('require ["encoded-character", "fileinto"];\n'
                          'if header :contains "subject" "${hex:52 E9}" { fileinto "latin"; }\n'
                          'if header :contains "subject" "R${unicode:E9}union" { fileinto "unicode"; }\n'),
    "address_all_cc": 'require "fileinto";\nif address :is :all "cc" ["me@example.com", "dave@example.net"] { fileinto "cc"; }\n',
    "address_count_from": ('require ["relational", "comparator-i;ascii-numeric", "fileinto"];\n'
                           'if address :count "eq" :comparator "i;ascii-numeric" "from" "1" { fileinto "one-from"; }\n'),
    "numeric_eq_text": ('require ["relational", "comparator-i;ascii-numeric", "fileinto"];\n'
                        'if header :value "eq" :comparator "i;ascii-numeric" "subject" "x" { fileinto "inf"; }\n'),
    "header_count_ne": ('require ["relational", "fileinto"];\n'
                        'if header :count "ne" ["to", "cc"] "1" { fileinto "not-one"; }\n'),
    "value_casemap": ('require ["relational", "fileinto"];\n'
                      'if header :value "gt" "subject" "M" { fileinto "after-m"; } else { fileinto "before-m"; }\n'),
    "envelope_all": ('require ["envelope", "fileinto"];\n'
                     'if envelope :all :is "to" "me@example.com" { fileinto "env-me"; }\n'
                     'if envelope :all :matches "from" "*@*.example.*" { fileinto "sub-domain"; }\n'),
    "stop_in_block": 'require "fileinto";\nif exists "subject" { fileinto "s"; stop; }\nfileinto "t";\n',
    "redirect_copy_fileinto": ('require ["copy", "fileinto"];\nredirect :copy "a@example.net";\n'
                               'fileinto "Sent";\n'),
    "discard_then_keep": 'discard;\nkeep;\n',
    "flags_keep": 'require "imap4flags";\naddflag "\\\\Answered";\nkeep :flags "\\\\Seen custom";\n',
    "flags_variable": ('require ["imap4flags", "variables", "fileinto"];\n'
                       'set "f" "one";\naddflag "f" "two";\nfileinto :flags "${f}" "F";\n'),
    "removeflag_all": 'require "imap4flags";\nsetflag ["a", "b"];\nremoveflag ["a", "b"];\n',
    "body_html_text": 'require ["body", "fileinto"];\nif body :text :contains "coordinates" { fileinto "coords"; }\n',
    "body_is_empty": 'require ["body", "fileinto"];\nif body :raw :is "" { fileinto "empty-body"; }\n',
    "deleteheader_match": ('require ["editheader", "fileinto"];\n'
                           'deleteheader :matches "x-a" "t*";\n'
                           'if header :is "x-a" "one" { fileinto "one-left"; }\n'
                           'if not header :matches "x-a" "t*" { fileinto "no-t"; }\n'),
    "addheader_last_index": ('require ["editheader", "index", "fileinto"];\naddheader :last "X-A" "four";\n'
                             'if header :index 1 :last "x-a" "four" { fileinto "four-last"; }\n'),
    "include_return": ('require ["include", "fileinto"];\ninclude "spam";\nfileinto "after";\n'),
    "ihave_unknown_only": 'require ["ihave"];\nif ihave ["fileinto", "x-nope"] { fileinto "both"; }\n',
    "variables_match_vars": ('require ["variables", "fileinto"];\n'
                             'if header :matches "subject" "*" { }\n'
                             'if header :matches "x-none" "*" { }\n'
                             'if string :matches "${1}" "?*" { fileinto "kept-${0}"; }\n'),
    "set_quotewildcard": ('require ["variables", "fileinto"];\nset :quotewildcard "q" "a*b?";\n'
                          'if string :matches "a*b?" "${q}" { fileinto "literal"; }\n'),
    "date_std11": ('require ["date", "fileinto", "variables"];\n'
                   'if date :matches :originalzone "date" "std11" "*" { fileinto "s-${1}"; }\n'),
    "date_julian_iso": ('require ["date", "fileinto", "variables"];\n'
                        'if date :matches :zone "+0000" "date" "julian" "*" { set "j" "${1}"; }\n'
                        'if date :matches :zone "-0330" "date" "iso8601" "*" { fileinto "${j}-${1}"; }\n'),
    "reject_multiline": 'require "reject";\nif size :over 1 { reject "Mailbox closed."; stop; }\n',
    "error_runtime": 'require ["fileinto", "variables"];\nfileinto "${nothing}";\n',
    "compile_error": 'require "fileinto";\nfileinto;\n',
    "compile_error_unknown": 'frobnicate "x";\n',
    "compile_error_require": 'require "x-unknown";\n',
    "spamtest_count": ('require ["spamtest", "relational", "comparator-i;ascii-numeric", "fileinto", "variables"];\n'
                       'if spamtest :matches "*" { fileinto "level-${1}"; }\n'),
    "virustest": ('require ["virustest", "relational", "comparator-i;ascii-numeric", "fileinto"];\n'
                  'if virustest :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "not-scanned"; }\n'),
    "vacation_mime": ('require "vacation";\nvacation :mime "Content-Type: text/plain; charset=utf-8\r\n\r\nAway.";\n'),
    "vacation_seconds": 'require "vacation-seconds";\nvacation :seconds 3600 :handle "s" "Short away.";\n',
}

VACATION_SCRIPTS = {name for name in SCRIPTS if name.startswith("vacation")}
NOTIFY_SCRIPTS = {"notify"}

# Messages with their envelope sender (the recipient is always me@example.com).
MESSAGES = {
    "plain.eml": "friend@example.org",
    "list.eml": "owner-sieve@lists.example.net",
    "mime.eml": "bob@example.org",
    "spam.eml": "prize@lottery.example.biz",
    "auto.eml": "MAILER-DAEMON@mail.example.org",
    "i18n.eml": "jose@example.es",
    "headers.eml": "carol@example.net",
    "lf.eml": "eve@example.net",
}
RECIPIENT = "me@example.com"

# Pairs where Roost and Pigeonhole differ on purpose; doc/sieve.md explains each.
KNOWN_DIFFERENCES = {
    # Pigeonhole 0.5.19 bug: a pattern with '?' before its first '*' that ends in '*' matches
    # whatever follows the '?' ("?eport*" matches "Lunch on Friday?"). Roost follows RFC 5228.
    ("header_matches", m): "Pigeonhole's :matches ignores the text after a leading '?' "
                           "(\"?eport*\" matches any subject); Roost does not"
    for m in ("plain.eml", "list.eml", "mime.eml", "auto.eml", "i18n.eml", "headers.eml", "lf.eml")
}
# RFC 4790 9.2 orders i;ascii-casemap after mapping a-z to upper case; Pigeonhole maps to
# lower case, so "[" (between "Z" and "a") sorts differently against letters.
KNOWN_DIFFERENCES[("value_casemap", "list.eml")] = (
    "i;ascii-casemap ordering: Roost upper-cases as RFC 4790 says, Pigeonhole lower-cases")
# fileinto "" (an empty variable): Roost refuses the name when the script runs (run-time error,
# keep); Pigeonhole's dry run accepts it and fails only when storing, then keeps as well.
for _m in MESSAGES:
    KNOWN_DIFFERENCES[("error_runtime", _m)] = (
        "empty mailbox name: a run-time error in Roost, a failed store in Pigeonhole (both keep)")
# One id tested twice in a run: Pigeonhole 0.5.19 fails the run silently ("final result:
# failed", keep), Roost answers the second test as the first and tracks the id once.
for _m in MESSAGES:
    KNOWN_DIFFERENCES[("duplicate_twice", _m)] = (
        "same duplicate id tested twice: Pigeonhole fails the run, Roost repeats the first answer")
