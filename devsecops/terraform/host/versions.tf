terraform {
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  # Partial configuration: bucket, key, region and lock table come from backend.hcl
  # (the `backend_config` output of ../bootstrap). terraform init -backend-config=backend.hcl
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "itercraft"
      ManagedBy = "terraform"
      Stack     = "host"
    }
  }
}
