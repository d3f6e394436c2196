#include "protocol/failure.h"

#include <catch2/catch.hpp>

using namespace dsasr::protocol;

TEST_CASE("throttling and server-side failures are retryable", "[failure]") {
  CHECK(is_retryable_failure("Throttling", ""));
  CHECK(is_retryable_failure("Throttling.RateQuota", "Requests rate limit exceeded"));
  CHECK(is_retryable_failure("Throttling.BurstRate", ""));
  CHECK(is_retryable_failure("InternalError", "oops"));
  CHECK(is_retryable_failure("InternalError.Algo", ""));
  CHECK(is_retryable_failure("ServiceUnavailable", ""));
  CHECK(is_retryable_failure("ResponseTimeout", ""));
  CHECK(is_retryable_failure("RequestTimeOut", "Response timeout!"));
  CHECK(is_retryable_failure("", "Response timeout!"));
  CHECK(is_retryable_failure("CLIENT_ERROR", "request timeout after 23 seconds."));
  CHECK(is_retryable_failure("SomethingNew",
                             "Requests rate limit exceeded, please try again later."));
}

TEST_CASE("parameter, audio, permission and unknown failures are not retryable", "[failure]") {
  for (const char* code :
       {"InvalidParameter", "ModelNotFound", "UNSUPPORTED_FORMAT", "NO_VALID_AUDIO_ERROR",
        "NO_INPUT_AUDIO_ERROR", "InvalidApiKey", "AccessDenied", "AccessDenied.Unpurchased",
        "NotFound", "Arrearage", "DataInspectionFailed", "ProtocolError", "SomethingNew", ""}) {
    INFO(code);
    CHECK_FALSE(is_retryable_failure(code, "bad"));
  }
  CHECK_FALSE(is_retryable_failure("CLIENT_ERROR", "Invalid payload data"));
  // A permanent code stays permanent whatever its message says.
  CHECK_FALSE(is_retryable_failure("InvalidParameter", "response timeout"));
  CHECK_FALSE(is_retryable_failure("InvalidApiKey", "rate limit"));
}

TEST_CASE("authentication failures are recognised", "[failure]") {
  CHECK(is_auth_failure("InvalidApiKey"));
  CHECK(is_auth_failure("AccessDenied"));
  CHECK(is_auth_failure("AccessDenied.Unpurchased"));
  CHECK(is_auth_failure("Arrearage"));
  CHECK_FALSE(is_auth_failure("InvalidParameter"));
  CHECK_FALSE(is_auth_failure("Throttling"));
}
