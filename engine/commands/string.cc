// Placeholder: filled by the string family.
#include "engine/commands/register.h"

namespace ringkv {
void RegisterStringFamily(CommandRegistry&) {}
}  // namespace ringkv
