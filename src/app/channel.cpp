#include "app/channel.h"

#include <functional>

#include "app/reporter.h"

namespace dsasr::app {

// Forwards one connection's events, tagged with the connection's generation.
class Channel::Link final : public net::ConnectionHandler {
 public:
  Link(Channel* channel, int generation) : channel_(channel), generation_(generation) {}
  void on_open() override {
    channel_->event(generation_, [this] { channel_->owner_.on_open(); });
  }
  void on_text(std::string_view message) override {
    channel_->event(generation_, [this, message] { channel_->owner_.on_text(message); });
  }
  void on_sent() override {
    channel_->event(generation_, [this] { channel_->owner_.on_sent(); });
  }
  void on_close(const net::CloseInfo& info) override {
    channel_->event(generation_, [this, &info] {
      channel_->conn_.reset();
      channel_->owner_.on_close(info);
    });
  }

 private:
  Channel* channel_;
  int generation_;
};

Channel::Channel(net::Transport& transport, net::ConnectionHandler& owner, Reporter& reporter,
                 std::string log_name)
    : transport_(transport), owner_(owner), reporter_(reporter), log_name_(std::move(log_name)) {}

Channel::~Channel() {
  drop(true);  // first: nothing it delivers, even at once, reaches the owner
  for (auto& link : links_) transport_.detach(link.get());
}

void Channel::event(int generation, const std::function<void()>& deliver) {
  if (generation == generation_) deliver();
}

util::Status Channel::connect(const net::ConnectRequest& request) {
  drop(true);
  const int generation = ++generation_;
  links_.push_back(std::make_unique<Link>(this, generation));
  auto id = transport_.connect(request, links_.back().get());
  if (!id) {
    ++generation_;  // nothing of it may arrive
    return id.error();
  }
  // The transport may have closed it already (its on_close came first): then it is gone.
  if (generation == generation_) conn_ = *id;
  return {};
}

void Channel::send(protocol::Output& out) {
  if (!conn_) {
    out.frames.clear();  // for a connection that is gone
    return;
  }
  for (protocol::Frame& frame : out.frames) {
    if (frame.kind == protocol::Frame::Kind::kText) {
      reporter_.info(3, log_name_ + ": sending " + frame.data.substr(0, 400));
      transport_.send_text(*conn_, std::move(frame.data));
    } else {
      transport_.send_binary(*conn_, std::move(frame.data));
    }
  }
  out.frames.clear();
}

size_t Channel::queued() const {
  return conn_ ? transport_.queued(*conn_) : 0;
}

void Channel::cork() {
  if (conn_) transport_.cork(*conn_);
}

void Channel::uncork() {
  if (conn_) transport_.uncork(*conn_);
}

void Channel::drop(bool abort) {
  if (conn_) {
    if (abort) {
      transport_.abort(*conn_);
    } else {
      transport_.close(*conn_, 1000, "bye");
    }
  }
  conn_.reset();
  ++generation_;  // what it still delivers is late
}

}  // namespace dsasr::app
