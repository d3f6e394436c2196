#include "app/doctor_checks.h"

#include <cstdio>

#include "app/exit_status.h"

namespace dsasr::app {

namespace {

// The value of "key":"..." in a small JSON object, without a JSON parser: enough for the
// {"code": ..., "message": ...} of a refused handshake.
std::string json_field(const std::string& body, const std::string& key) {
  const std::string quoted = "\"" + key + "\"";
  std::size_t at = body.find(quoted);
  if (at == std::string::npos) return "";
  at = body.find(':', at + quoted.size());
  if (at == std::string::npos) return "";
  at = body.find('"', at);
  if (at == std::string::npos) return "";
  std::string out;
  for (std::size_t i = at + 1; i < body.size() && body[i] != '"'; ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) ++i;
    out += body[i];
  }
  return out;
}

std::string timed(std::string detail, std::chrono::microseconds elapsed) {
  return detail + " (" + duration_text(elapsed) + ")";
}

}  // namespace

Check ok(std::string name, std::string detail) {
  return {CheckStatus::kOk, std::move(name), std::move(detail), {}, util::ErrorKind::kInternal};
}

Check fail(std::string name, util::ErrorKind kind, std::string detail, std::string hint) {
  return {CheckStatus::kFail, std::move(name), std::move(detail), std::move(hint), kind};
}

Check skip(std::string name, std::string why) {
  return {CheckStatus::kSkip, std::move(name), std::move(why), {}, util::ErrorKind::kInternal};
}

std::string format_check(const Check& check) {
  const char* status = check.status == CheckStatus::kOk     ? "OK  "
                       : check.status == CheckStatus::kFail ? "FAIL"
                                                            : "SKIP";
  char name[16];
  std::snprintf(name, sizeof name, "%-10s", check.name.c_str());
  std::string out = std::string(status) + "  " + name + " " + check.detail + "\n";
  if (!check.hint.empty()) out += "      hint: " + check.hint + "\n";
  return out;
}

std::string duration_text(std::chrono::microseconds d) {
  char buf[32];
  const double ms = static_cast<double>(d.count()) / 1000.0;
  if (ms < 10) {
    std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  } else if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000.0);
  }
  return buf;
}

int doctor_exit_status(const std::vector<Check>& checks) {
  for (const Check& c : checks) {
    if (c.status == CheckStatus::kFail) return exit_status_for(c.kind);
  }
  return kExitSuccess;
}

Check websocket_check(int http_status, const std::string& reason, const std::string& body,
                      const std::string& url, const std::string& key_origin,
                      std::chrono::microseconds elapsed) {
  if (http_status == 101) return ok("websocket", timed(url + ": HTTP 101 " + reason, elapsed));
  const std::string code = json_field(body, "code");
  const std::string message = json_field(body, "message");
  std::string what = url + ": HTTP " + std::to_string(http_status) +
                     (reason.empty() ? "" : " " + reason) + (code.empty() ? "" : " (" + code + ")");
  if (!message.empty()) what += ": " + message;
  if ((http_status == 401 || http_status == 403) && key_origin.empty()) {
    return fail("websocket", util::ErrorKind::kAuth,
                timed("refused without an API key: " + what, elapsed), "see the key check above");
  }
  if (http_status == 401 || http_status == 403) {
    return fail("websocket", util::ErrorKind::kAuth,
                timed("the API key from " + key_origin + " was refused: " + what, elapsed),
                "check the key, and that it belongs to the region (--region) and workspace "
                "(--workspace) you use");
  }
  if (code == "ModelNotFound" || code == "Model.AccessDenied") {
    return fail("websocket", util::ErrorKind::kService,
                timed("the model was refused: " + what, elapsed),
                "see 'dsasr models' for the model names");
  }
  if (http_status == 404) {
    return fail("websocket", util::ErrorKind::kNetwork, timed(what, elapsed),
                "the endpoint's path is wrong: check --endpoint or DASHSCOPE_WEBSOCKET_BASE_URL");
  }
  if (http_status == 0) {
    return fail("websocket", util::ErrorKind::kNetwork,
                timed(url + ": no WebSocket handshake", elapsed),
                "something between dsasr and the service does not speak WebSocket (a proxy?)");
  }
  return fail("websocket",
              http_status >= 500 ? util::ErrorKind::kNetwork : util::ErrorKind::kService,
              timed(what, elapsed));
}

Check tls_check(bool tls_ok, const std::string& detail, bool verified,
                const std::optional<std::string>& expiry, std::optional<long> days_left,
                std::chrono::microseconds elapsed) {
  if (!tls_ok) {
    return fail("tls", util::ErrorKind::kNetwork, timed(detail, elapsed),
                "a private or test CA needs --ca-file FILE or SSL_CERT_FILE; check the host name "
                "and the system clock");
  }
  std::string what =
      detail + ", certificate " +
      (verified ? std::string("verified") : std::string("NOT verified (--insecure)"));
  if (expiry) {
    what += ", expires " + *expiry;
    if (days_left) {
      what += " (in " + std::to_string(*days_left) + (*days_left == 1 ? " day)" : " days)");
    }
  }
  Check c = ok("tls", timed(what, elapsed));
  // Still valid, but not for long: worth knowing before a long batch or a meeting.
  if (verified && days_left && *days_left < 14) {
    c.hint = "the server's certificate expires in less than two weeks";
  }
  return c;
}

Check task_check(const std::string& model, const std::string& url, int exit_status,
                 const std::string& error, const std::string& error_hint,
                 std::chrono::microseconds elapsed) {
  const std::string where = model + " on " + url;
  switch (exit_status) {
    case kExitSuccess:
      return ok("task", timed(where + ": auth accepted, model allowed, task started and finished",
                              elapsed));
    case kExitAuth:
      return fail(
          "task", util::ErrorKind::kAuth, timed(where + ": key refused: " + error, elapsed),
          error_hint.empty() ? "check the key, its region (--region) and workspace" : error_hint);
    case kExitService:
      return fail("task", util::ErrorKind::kService,
                  timed(where + ": the service refused the task: " + error, elapsed),
                  "check the model name ('dsasr models'), that the account may use model " + model +
                      ", and the workspace (--workspace)");
    case kExitNetwork:
      return fail("task", util::ErrorKind::kNetwork, timed(where + ": " + error, elapsed),
                  error_hint);
    default:
      return fail("task",
                  exit_status == kExitInput ? util::ErrorKind::kInput : util::ErrorKind::kInternal,
                  timed(where + ": " + error, elapsed), error_hint);
  }
}

Check region_check(const std::string& region, const std::string& other_region, int exit_status) {
  if (exit_status == kExitAuth) {
    return fail("region", util::ErrorKind::kAuth,
                "the key is refused in " + region + " and in " + other_region + " too",
                "the key is wrong, revoked or of another workspace: create one in the Model "
                "Studio console");
  }
  if (exit_status == kExitNetwork) {
    return skip("region", other_region + " could not be reached to try the key there");
  }
  return fail(
      "region", util::ErrorKind::kAuth,
      "this key belongs to " + other_region + ": the " + other_region + " endpoint accepts it",
      "add --region " + other_region + " (or region = \"" + other_region +
          "\" in the configuration file)");
}

}  // namespace dsasr::app
