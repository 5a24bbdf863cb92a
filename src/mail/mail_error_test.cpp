// Tests of the MailError category.
#include "mail/mail_error.hpp"

#include <gtest/gtest.h>

namespace roost::mail {
namespace {

TEST(MailError, CodesCarryTheCategoryAndMessages)
{
    const std::error_code ec = MailError::BadCache;
    EXPECT_EQ(&ec.category(), &mail_category());
    EXPECT_STREQ(ec.category().name(), "roost.mail");
    EXPECT_EQ(ec.message(), "invalid serialised message structure");
    EXPECT_NE(make_error_code(MailError::BadSection), make_error_code(MailError::BadArgument));
    const Error e = mail_error(MailError::UnknownEncoding, "x-uuencode");
    EXPECT_EQ(e.code, make_error_code(MailError::UnknownEncoding));
    EXPECT_EQ(e.message, "x-uuencode");
    EXPECT_EQ(std::error_code(static_cast<int>(999), mail_category()).message(),
              "unknown mail error");
}

}  // namespace
}  // namespace roost::mail
