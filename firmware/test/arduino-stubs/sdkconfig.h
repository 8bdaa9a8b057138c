// Test stub: what a TLS 1.3-capable arduino-esp32 build defines (see src/main.cpp).
#define CONFIG_MBEDTLS_SSL_PROTO_TLS1_3 1
