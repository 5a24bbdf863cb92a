// Hashes made by Debian's `doveadm pw -s SCHEME -p "sécret pw"` (fixtures) must verify.
#include "auth/password_verifier.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

const char* const kDoveadmHashes[] = {
    "{SHA512-CRYPT}$6$K32mumJL3SBYYIir$1JJkGGwxBzqYe0bNcoZWZAlqVeqGbNjKSZQicr.zeTOUSuoawI8O07htWaSPNpTPy1Mkww656PLr8R73/zZ1A/",
    "{SHA256-CRYPT}$5$m121dCvrnuimaM9D$.QQWbtiWZuzwLBj7Ms5HakSd97RkaOr3quIdNhqB5G.",
    "{BLF-CRYPT}$2y$05$8avImgqRR3ahDDh4qiNh8eWeSOQGjaeWihMmwAK77Esy1RTKyR5Q6",
    "{SSHA512}ZraXpOK5spCHHgeLb/8KUySvRv/RcIbFu63jZyKrugSycP9zkaDJVfY7yGNZo2irIXSMkl2sqKUf5Y8XGvZFtgSaioc=",
    "{SSHA256}2ClNjrxzSG1+lzU0O9i7XLJfyvdbfteKu2p7qEZgz/5zpdA/",
    "{SHA512}L5YnTsJJPHI5TllXvODMRfYGa7d9FU0GToxthgs3XuMFFpfyPs0Hq3am8DmoOkiCO88yesiVgcfhrFfbmElNMQ==",
    "{SHA256}32LNInJDy7EKibORKunzfwfTEmEZijJKIL+BOcc7CMk=",
    "{SHA}vcNieP07L9yllgXcZhnaEUvrGOw=",
    "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$mw+ktKSJEXmsXMG+ZQMvvg$TY2sgLfhKuE2kdCT4fyHXNLDl+57G4ugWJyugKBmMSo",
    "{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$SV+lBZ9zZGjDzpGBpHhRGg$gE6lJGkmrNF8YyByUoppEbZyjcfORwLoJywfCqljTxY",
    "{SCRAM-SHA-1}4096,JwMrCUOEFuldz5B3tOmztg==,ylAsWMPAXPWxrQ2YZx4SsLlLsfQ=,E5UpDxwfmKnF/dOZ7UimtDbV4f0=",
    "{SCRAM-SHA-256}4096,wKuONiiDyzS7Zhw355LSnQ==,0PmEklA0uTgZHTzTzC1QAe56kkrinHFgh1iEHIEZPrg=,Zp5UBb+NvJIWbvuGqLOccEJqKqagfaf8RheMtamck+k=",
    "{PLAIN}sécret pw",
    "{MD5-CRYPT}$1$6iKBBRlX$MBzze5i4KOBkR9Nz5GVhk.",
    "{SMD5}Pzry0qtrlxbIezcplbLDq78obnU=",
    "{PLAIN-MD5}a19854253d06df2808bce1c2e8ce6cd2",
};

TEST(PasswordVerifier, VerifiesEveryDoveadmScheme)
{
    for (const char* stored : kDoveadmHashes) {
        EXPECT_EQ(verify_stored_password("sécret pw", stored, "CRYPT", "alice"), PasswordCheck::Match) << stored;
        EXPECT_EQ(verify_stored_password("secret pw", stored, "CRYPT", "alice"), PasswordCheck::Mismatch) << stored;
        EXPECT_EQ(verify_stored_password("", stored, "CRYPT", "alice"), PasswordCheck::Mismatch) << stored;
    }
}

TEST(PasswordVerifier, DefaultSchemeEncodingsAndBrokenValues)
{
    EXPECT_EQ(verify_stored_password("pw", "pw", "PLAIN", "u"), PasswordCheck::Match);
    EXPECT_EQ(verify_stored_password("pw", "", "PLAIN", "u"), PasswordCheck::Mismatch);  // empty matches nothing
    EXPECT_EQ(verify_stored_password("pw", "{PLAIN}", "PLAIN", "u"), PasswordCheck::Mismatch);
    // SHA256 of "pw", hex with the .HEX suffix.
    EXPECT_EQ(verify_stored_password("pw", "{SHA256.HEX}30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4", "", "u"),
              PasswordCheck::Match);
    EXPECT_EQ(verify_stored_password("pw", "{NOSUCH}x", "PLAIN", "u"), PasswordCheck::Unusable);
    EXPECT_EQ(verify_stored_password("pw", "{SHA512}!!!", "PLAIN", "u"), PasswordCheck::Unusable);
    EXPECT_EQ(verify_stored_password("pw", "{SCRAM-SHA-256}1,2", "PLAIN", "u"), PasswordCheck::Unusable);
    // No closing brace: the whole value is in the default scheme, as Dovecot reads it.
    EXPECT_EQ(verify_stored_password("pw", "{SHA512-CRYPT", "PLAIN", "u"), PasswordCheck::Mismatch);
    EXPECT_EQ(verify_stored_password("{SHA512-CRYPT", "{SHA512-CRYPT", "PLAIN", "u"), PasswordCheck::Match);
}

}  // namespace
}  // namespace roost::auth
