variable "region" {
  description = "AWS region of the host."
  type        = string
  default     = "eu-west-3"
}

variable "instance_type" {
  description = "EC2 type. The whole stack (Keycloak, PostgreSQL x2, Grafana, Prometheus, Loki, Tempo, sync server) wants about 6 GiB."
  type        = string
  default     = "t3.large"
}

variable "root_volume_gb" {
  description = "Root disk (OS, Docker images)."
  type        = number
  default     = 30
}

variable "data_volume_gb" {
  description = "Separate EBS volume mounted on /var/lib/docker/volumes: databases, certificates and metrics survive a replaced instance."
  type        = number
  default     = 50
}

variable "web_ingress_ipv4_cidrs" {
  description = "Who may reach 80/443. Everyone by default; Cloudflare's ranges if the hosts are proxied by Cloudflare (then in Full (strict) mode, never Flexible)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "web_ingress_ipv6_cidrs" {
  description = "IPv6 counterpart of web_ingress_ipv4_cidrs."
  type        = list(string)
  default     = ["::/0"]
}

variable "mqtt_ingress_ipv4_cidrs" {
  description = "Who may reach the MQTT broker on 8883 (devices). Narrow it to the homes' public addresses when they are fixed."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "repository_url" {
  description = "Git repository cloned on the host (HTTPS)."
  type        = string
}

variable "git_ref" {
  description = "Tag or branch deployed at first boot; later deploys run /usr/local/bin/itercraft-deploy <ref> (through SSM)."
  type        = string
  default     = "main"
}

variable "env_parameter_name" {
  description = "SSM Parameter Store SecureString holding the whole .env file (created out of band, so no secret ever enters Terraform state)."
  type        = string
  default     = "/itercraft/prod/env"
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget; e-mails at 80 % actual and 100 % forecast."
  type        = number
  default     = 40
}

variable "alert_email" {
  description = "Receives budget alerts."
  type        = string
}
