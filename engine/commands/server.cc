// Placeholder: filled by the server family.
#include "engine/commands/register.h"

namespace ringkv {
void RegisterServerFamily(CommandRegistry&) {}
}  // namespace ringkv
