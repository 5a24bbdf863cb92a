// Stored passwords made by Dovecot 2.3's `doveadm pw` (Debian 12), pasted as fixtures for the
// scheme tests: `doveadm pw -s SCHEME -p PASSWORD [-u USER]`.
#pragma once

#include <string_view>

namespace roost::auth::test {

struct DoveadmFixture {
    std::string_view password;
    std::string_view stored;
    std::string_view user = {};
};

constexpr std::string_view kSecret = "secret";
constexpr std::string_view kUmlauts = "Pässwörd mit Leerzeichen!";

inline constexpr DoveadmFixture kDoveadmFixtures[] = {
    {kSecret, "{SHA512-CRYPT}$6$wRpE5RXCJEint5W7$KWWQDMMyitaMZLHfUkE0if.lc74aaVwpOXYp.an.jA6.VHjjAJJAkE1.yx4Xtv7Vl.KtWx21BMPgAWUZR7h2W/"},
    {kSecret, "{SHA256-CRYPT}$5$IRr6heky3qg0pXVF$p5sdB2spqvF2IgE5sNCeJ6LzbBHAeDV3323P.5Oum6C"},
    {kSecret, "{BLF-CRYPT}$2y$05$IS7HKj1oC4jTmQz/96CsreFvanOPQWeIBDNTb9yiEzfywY3PKZ3n6"},
    {kSecret, "{MD5-CRYPT}$1$ihIeGQO0$dRiXhfoaAPWlHEiK.gXSb0"},
    {kSecret, "{CRYPT}$2y$05$b1WMAKJgvZSXjU8Ngb6yl.8Bw7PnGZSxvYn51ixHcEsfmuHrLU/BW"},
    {kSecret, "{DES-CRYPT}7hE3C2ZpmLSs."},
    {kSecret, "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$+tU6vaLzNyIuRTMwc0nhPw$OliMBryKPjbaiDyShObOUwPa+DlJ72U3EkdHllsK7Qk"},
    {kSecret, "{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$TYY16/Oe01hSOTJGdFS8RA$mxJxfqhQFitCnncaMqNmxKGEW94qHJVzqWKNQHDY9IM"},
    {kSecret, "{SSHA512}/I30LYuqPuNzFaQhGsW1R9UisBQ4OXVACKJo0k1a3gwUmKpXP2muPvyqhpHwsJiETu/esW9U35/+erg1/ADQImsi+DE="},
    {kSecret, "{SSHA256}pAl8o1iTWY/mTSriwywh0lLF0k7yehVJNRKP7j1f0lFzVVD3"},
    {kSecret, "{SSHA}Cx39pERcKFcgdmql8ql51bZxy/2SX+34"},
    {kSecret, "{SMD5}YRIC0vG9QT8ucJZ0jTWy7vZVJyQ="},
    {kSecret, "{SHA512}vSsar3708Jvp9Szi2NWZZ02Bqp1qRCFpbcTZPdBhnWgs5WtNZKnvCXdhztmeD2cmW192CF5bDufKRpayrW/isg=="},
    {kSecret, "{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols="},
    {kSecret, "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="},
    {kSecret, "{SHA1}5en6G6MezRroT3XKqkdPOmY/BfQ="},
    {kSecret, "{MD5}$1$mBmgzeK/$WEG17h8QVtiLiTDGHC.Vw/"},
    {kSecret, "{PLAIN-MD5}5ebe2294ecd0e0f08eab7690d2a6ee69"},
    {kSecret, "{LDAP-MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ=="},
    {kSecret, "{PLAIN}secret"},
    {kSecret, "{CLEAR}secret"},
    {kSecret, "{CLEARTEXT}secret"},
    {kSecret, "{CRAM-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56"},
    {kSecret, "{HMAC-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56"},
    {kSecret, "{SCRAM-SHA-1}4096,Z9SHYvwf2q3EuakzA2uI2Q==,EznJStrghWIIl/rIbm0kiziebW8=,hskrQQOXYAnpXji3lk29A5P2K50="},
    {kSecret, "{SCRAM-SHA-256}4096,33oCQ8zaQSa4jChO6vkdWQ==,wuCfg/J2oD58ZiVHD5IWV1mK3ty+5vYwWw9oY1FmTvM=,hFLc9B6tU8g1KnIY1S4qr1iUzKIGqZUzPs+HEBIBdbE="},
    {kSecret, "{PBKDF2}$1$mPBkgF9J1jF5FJ8Z$5000$1bf47dca66ac0570c2e50ac296cf1842b5b89b31"},
    {kSecret, "{SHA512.HEX}bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2"},
    {kSecret, "{SSHA256.HEX}74b74d580346b3ec538d56e7c2e3418d73e7aa0da3e0f103d2e2a0c1d3594a527ed627ec"},
    {kSecret, "{CRAM-MD5.B64}zTun3qrW5cojRIukLjeXR6ng9/H7wAyKgbuqw5VzG1Y="},
    {kSecret, "{PLAIN-MD5.BASE64}Xr4ilOzQ4PCOq3aQ0qbuaQ=="},
    {kSecret, "{PLAIN.B64}c2VjcmV0"},
    {kSecret, "{SCRAM-SHA-256.HEX}343039362c396e796567435775374e2f42796d663741734b4a78773d3d2c4450334f4d2f575364636b4635523275726c50475a6644587459784b6d6c555676397578365a7476426c593d2c354476624735426a4b31595265537a2f70366e49783059635a543777594a4a6b2f3539446a3254664146553d"},
    {kSecret, "{DIGEST-MD5}b1726872c344b6dc8365b774f8fd6412", "alice@example.com"},
    {kSecret, "{DIGEST-MD5}cc3a3506aba601d2feee7bf9b34237ce", "alice"},
    {kSecret, "{DIGEST-MD5}c752f0e67f7456b2268cbb0c8bf8f618", "a@b@c"},
    {kSecret, "{PBKDF2}$1$Phd8AkkfcczzAxDm$1$9b0a57bbb4604bbba013828554ddbf367707eb2e"},  // -r 1
    {kSecret, "{SHA512-CRYPT}$6$rounds=6000$p.5m5OnL8AEoJljc$K93DJSB6LbyEiz4FVpYj60syNAAQ5GgP1cSoEzKO7glxwBLWM0EOG5UVoWqdWOlhIwx3Edb4BA9Du4FZYuHgW1"},  // -r 6000
    {kSecret, "{BLF-CRYPT}$2y$04$A94HmB.t9m9XC.A87Qp3oeIVkpIegEmIbHqxmi7cMR7jF7CdUTSky"},  // -r 4
    {kSecret, "{MD5.HEX}2431244d463548514d444824636d6d4638596870646137454a364156394a4d65452f"},
    {kUmlauts, "{SHA512-CRYPT}$6$gaOtf16ao9t.YOVT$80YGHtgGhAPkZcG8pM3/4l/3VWJmsT0qODJbl2Y6vxA0rvnkQA4HW4w5KjFMzkunMQH3W6oFe1hV18Nxrfb2G/"},
    {kUmlauts, "{SHA256-CRYPT}$5$MSMhlQ6loUQfr751$udr2P7ti4rRHQQWnjoHD/WD.cZNhatXRB7.SusKdMv8"},
    {kUmlauts, "{BLF-CRYPT}$2y$05$3EnQKwYj9XU3HfL0y/jyoe/9Pn8yjw5DuVKCk44yiU6PqO8uHLa86"},
    {kUmlauts, "{MD5-CRYPT}$1$4S5qVR7i$kRVy9xugsXhrIxv1v70451"},
    {kUmlauts, "{CRYPT}$2y$05$DNt3kMdA2QRwDxHiL5ceG.GghQnZvxP0vEudKPiAmCgq94.Qrbp9i"},
    {kUmlauts, "{DES-CRYPT}UfXP8COT4QO0M"},
    {kUmlauts, "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$3KNZByqkFw9+oy0Ka+Wl1g$c6Gzw2JVPA3Zj6iKqsq3VXbv2gAoXlr7aCNMgkUblOY"},
    {kUmlauts, "{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$KXj47xuWExJPZfJAoE4C6A$C3TOrbzjv/lCCo50EaH79ZijcwRyFQgp6A9KP0gi9ok"},
    {kUmlauts, "{SSHA512}iM7z+TGiw9QN97g0ea4xwGkbtCxZEmihajrls4gyUUIQfLCjrS71spD5UpdvVt+uKLe560YrQWb8XDCc6bAlmBCXxyM="},
    {kUmlauts, "{SSHA256}QTl0NuGft6W3KeTt73Rqy1r5oD5Y0wTdUG8kJr+CF8dBr3iu"},
    {kUmlauts, "{SSHA}Xpcrg3COvBYDCMwWVZjMv5lPDt5qFVv8"},
    {kUmlauts, "{SMD5}JlNUb3SG7sSvDdGq7CtmOlMJcgg="},
    {kUmlauts, "{SHA512}gRKSs5O7biE5O21NLVepXpstA8bkCC8yEMcpuF+TA0veXSbDjV47W/JscFy0Jj1hbXE3UilclfjOH0sOgWalww=="},
    {kUmlauts, "{SHA256}blGYWi/E/bcs5o7Sn+zDuiRtaUv/CuGNuFDDBA3dfFg="},
    {kUmlauts, "{SHA}MEvBeWfUNiBXOZQ0Wy4TuDw3ZFg="},
    {kUmlauts, "{MD5}$1$RacxidiL$aq7T0fyqYAibWN/o78x9w/"},
    {kUmlauts, "{PLAIN-MD5}a12715696dc60873b55fd57e9f5164fc"},
    {kUmlauts, "{LDAP-MD5}oScVaW3GCHO1X9V+n1Fk/A=="},
    {kUmlauts, "{PLAIN}Pässwörd mit Leerzeichen!"},
    {kUmlauts, "{CRAM-MD5}01ac2fe0832707e2371de71c91059277a5ea3369099f244e74313f0f92adc0dd"},
    {kUmlauts, "{SCRAM-SHA-1}4096,r0Ka28HvYQoKLPpNqnN7Ng==,Kv0W541Muyn2ClR9G/hTVlLymuE=,qHx7cnBOB3IcuA/y+/yX3JMhvjU="},
    {kUmlauts, "{SCRAM-SHA-256}4096,W0CaJP/1cQ2VtIjPvJJ3ng==,F22k45t3j6ar1QnN3RaoUfUso+y7UTiuOMspDyyU9LM=,q1iO2Ctan1SQ059df6GW1ICGLbk/ioHrp50jBLJoOO4="},
    {kUmlauts, "{PBKDF2}$1$G5OZXThaYC7Of5zH$5000$597b19b76a24bb64670879d8c9e5352e0114e2b1"},
    {kUmlauts, "{SSHA256.HEX}11169eae137e235460e92389c6ca9893b5506344bc75f7e3db231bf8e3218b8144f2cc91"},
    {kUmlauts, "{CRAM-MD5.B64}Aawv4IMnB+I3HecckQWSd6XqM2kJnyROdDE/D5KtwN0="},
    {kUmlauts, "{PLAIN.B64}UMOkc3N3w7ZyZCBtaXQgTGVlcnplaWNoZW4h"},
    {kUmlauts, "{DIGEST-MD5}ca75017ddb97e2f3621c32fd69004de0", "alice@example.com"},
    {kUmlauts, "{DIGEST-MD5}9e7c667950fda50eabdaf5dfc45eca07", "bob"},
};

}  // namespace roost::auth::test
