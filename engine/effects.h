// EffectSink: the propagation stream — what a command changed, as commands that replay it.
//
// After a write command runs, the engine hands its effect to the sink: by default the command's
// own arguments, or what the handler chose instead (SET ... EX becomes SET ... PXAT with an
// absolute time; an expired key a DEL). The AOF writer and replicas consume this stream; the
// engine never knows which. Effects of one command (or one MULTI/EXEC) are delimited by Begin/End
// so a consumer can keep them together.
#pragma once

#include <span>
#include <string_view>

namespace ringkv {

class EffectSink {
 public:
  virtual ~EffectSink() = default;
  // One command's effect on database `db`.
  virtual void Emit(int db, std::span<const std::string_view> argv) = 0;
};

}  // namespace ringkv
