// Placeholder: filled by the key family.
#include "engine/commands/register.h"

namespace ringkv {
void RegisterKeyFamily(CommandRegistry&) {}
}  // namespace ringkv
