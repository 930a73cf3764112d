#include "isms/version.h"

namespace isms {

const char* Version() { return ISMS_VERSION_STRING; }

}  // namespace isms
