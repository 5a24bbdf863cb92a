// The tables of global settings, one function per area; registry.cpp joins them.
#pragma once

#include <span>

#include "config/setting_def.hpp"

namespace roost::config::tables {

std::span<const SettingDef> base();        // processes, paths, logging
std::span<const SettingDef> auth();        // auth service and login processes
std::span<const SettingDef> ssl();         // TLS
std::span<const SettingDef> mail();        // storage: mail_*, maildir_*, mbox_*, quota
std::span<const SettingDef> protocols();   // imap_*, pop3_*, lda_*, lmtp_*, submission_*, managesieve_*
std::span<const SettingDef> dovecot_only();  // Dovecot features Roost lacks or has no need of
std::span<const SettingDef> obsolete();      // settings Dovecot 2.3 itself dropped
std::span<const SettingDef> plugin();      // keys of plugin { }

}  // namespace roost::config::tables

namespace roost::config {
// Every global setting: the tables above except plugin(), joined once.
std::span<const SettingDef> global_settings();
}  // namespace roost::config
