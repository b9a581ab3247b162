#define MS_CLASS "MediaSoupError"

#include "MediaSoupErrors.hpp"

thread_local char MediaSoupError::buffer[MediaSoupError::bufferSize];
