# vigil::options: an INTERFACE target carrying warnings and sanitizer flags, linked by every
# vigil target so the whole tree builds with one set of options.
add_library(vigil_options INTERFACE)
add_library(vigil::options ALIAS vigil_options)
target_compile_options(vigil_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
if(VIGIL_SANITIZE)
  target_compile_options(vigil_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(vigil_options INTERFACE -fsanitize=address,undefined)
endif()
if(VIGIL_TSAN)
  target_compile_options(vigil_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(vigil_options INTERFACE -fsanitize=thread)
endif()
