variable "region" {
  description = "AWS region of the state bucket and lock table."
  type        = string
  default     = "eu-west-3"
}

variable "state_bucket_name" {
  description = "Globally unique name of the S3 bucket holding Terraform state (e.g. itercraft-tfstate-<account id>)."
  type        = string
}

variable "lock_table_name" {
  description = "DynamoDB table used for Terraform state locking."
  type        = string
  default     = "itercraft-terraform-locks"
}
