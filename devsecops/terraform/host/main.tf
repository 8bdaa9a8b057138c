# One EC2 host running docker-compose.yml. Modest on purpose: default VPC, one public subnet,
# no SSH (shell access through SSM Session Manager), data on a separate encrypted EBS volume
# that outlives the instance, secrets in SSM Parameter Store (never in Terraform state).

data "aws_caller_identity" "current" {}

data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }

  filter {
    name   = "default-for-az"
    values = ["true"]
  }
}

data "aws_subnet" "host" {
  id = sort(data.aws_subnets.default.ids)[0]
}

# Debian 12, like the machines the compose file is validated on (Debian's docker-compose).
data "aws_ami" "debian" {
  most_recent = true
  owners      = ["136693071363"]

  filter {
    name   = "name"
    values = ["debian-12-amd64-*"]
  }

  filter {
    name   = "architecture"
    values = ["x86_64"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

locals {
  env_parameter_arn = "arn:aws:ssm:${var.region}:${data.aws_caller_identity.current.account_id}:parameter/${trimprefix(var.env_parameter_name, "/")}"

  # One rule per (CIDR, port): 80 serves ACME challenges and the redirect, 443 the app.
  web_ports = [80, 443]
  web_ipv4_rules = {
    for pair in setproduct(var.web_ingress_ipv4_cidrs, local.web_ports) :
    "${pair[0]} ${pair[1]}" => { cidr = pair[0], port = pair[1] }
  }
  web_ipv6_rules = {
    for pair in setproduct(var.web_ingress_ipv6_cidrs, local.web_ports) :
    "${pair[0]} ${pair[1]}" => { cidr = pair[0], port = pair[1] }
  }
}

# ---------------------------------------------------------------- network access

resource "aws_security_group" "host" {
  name        = "itercraft-host"
  description = "Itercraft: HTTPS (and HTTP for ACME + redirect), MQTT over TLS for devices; nothing else."
  vpc_id      = data.aws_vpc.default.id
}

resource "aws_vpc_security_group_ingress_rule" "web_ipv4" {
  for_each = local.web_ipv4_rules

  security_group_id = aws_security_group.host.id
  description       = "HTTP/HTTPS"
  cidr_ipv4         = each.value.cidr
  from_port         = each.value.port
  to_port           = each.value.port
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "web_ipv6" {
  for_each = local.web_ipv6_rules

  security_group_id = aws_security_group.host.id
  description       = "HTTP/HTTPS (IPv6)"
  cidr_ipv6         = each.value.cidr
  from_port         = each.value.port
  to_port           = each.value.port
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "mqtt" {
  for_each = toset(var.mqtt_ingress_ipv4_cidrs)

  security_group_id = aws_security_group.host.id
  description       = "MQTT over TLS (devices)"
  cidr_ipv4         = each.value
  from_port         = 8883
  to_port           = 8883
  ip_protocol       = "tcp"
}

# Outbound: ACME, package mirrors, image registries, Anthropic and Météo France APIs.
resource "aws_vpc_security_group_egress_rule" "all_ipv4" {
  security_group_id = aws_security_group.host.id
  description       = "All outbound (IPv4)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_egress_rule" "all_ipv6" {
  security_group_id = aws_security_group.host.id
  description       = "All outbound (IPv6)"
  cidr_ipv6         = "::/0"
  ip_protocol       = "-1"
}

# ---------------------------------------------------------------- instance identity

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "host" {
  name               = "itercraft-host"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

# Session Manager instead of SSH; Run Command for deploys (itercraft-deploy).
resource "aws_iam_role_policy_attachment" "ssm_core" {
  role       = aws_iam_role.host.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

data "aws_iam_policy_document" "read_env" {
  statement {
    sid       = "ReadDeploymentEnvironment"
    actions   = ["ssm:GetParameter"]
    resources = [local.env_parameter_arn]
  }
}

resource "aws_iam_role_policy" "read_env" {
  name   = "itercraft-read-env"
  role   = aws_iam_role.host.id
  policy = data.aws_iam_policy_document.read_env.json
}

resource "aws_iam_instance_profile" "host" {
  name = "itercraft-host"
  role = aws_iam_role.host.name
}

# ---------------------------------------------------------------- host and data

# Docker volumes (both PostgreSQL clusters, broker CA and passwords, ACME account, metrics)
# live here, so replacing the instance loses nothing. Snapshot it (AWS Backup or DLM).
resource "aws_ebs_volume" "data" {
  availability_zone = data.aws_subnet.host.availability_zone
  size              = var.data_volume_gb
  type              = "gp3"
  encrypted         = true

  tags = {
    Name = "itercraft-data"
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_instance" "host" {
  ami                         = data.aws_ami.debian.id
  instance_type               = var.instance_type
  subnet_id                   = data.aws_subnet.host.id
  vpc_security_group_ids      = [aws_security_group.host.id]
  iam_instance_profile        = aws_iam_instance_profile.host.name
  associate_public_ip_address = true

  user_data = templatefile("${path.module}/user-data.sh.tftpl", {
    region             = var.region
    repository_url     = var.repository_url
    git_ref            = var.git_ref
    env_parameter_name = var.env_parameter_name
    data_volume_serial = replace(aws_ebs_volume.data.id, "-", "")
  })

  # IMDSv2 only, and one hop: containers (one hop further, behind the Docker bridge) cannot
  # read the instance role's credentials.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = var.root_volume_gb
    encrypted   = true
  }

  tags = {
    Name = "itercraft"
  }

  # A newer AMI or an edited bootstrap script must not replace a running host; deploys go
  # through itercraft-deploy.
  lifecycle {
    ignore_changes = [ami, user_data]
  }
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.host.id
}

resource "aws_eip" "host" {
  domain   = "vpc"
  instance = aws_instance.host.id

  tags = {
    Name = "itercraft"
  }
}

# The hypervisor's own failures: move the instance to healthy hardware (same id, EIP, volumes).
resource "aws_cloudwatch_metric_alarm" "auto_recover" {
  alarm_name          = "itercraft-host-auto-recover"
  alarm_description   = "Recover the Itercraft host when the AWS system status check fails."
  namespace           = "AWS/EC2"
  metric_name         = "StatusCheckFailed_System"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  alarm_actions       = ["arn:aws:automate:${var.region}:ec2:recover"]

  dimensions = {
    InstanceId = aws_instance.host.id
  }
}

# ---------------------------------------------------------------- cost

resource "aws_budgets_budget" "monthly" {
  name         = "itercraft-monthly"
  budget_type  = "COST"
  limit_amount = format("%.1f", var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = [var.alert_email]
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = [var.alert_email]
  }
}
