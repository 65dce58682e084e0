"""Serializer fields for the articles in Wagtail's read-only API (`ArticlePage.api_fields`)."""

from rest_framework import serializers


class MunicipalityTitleField(serializers.CharField):
    def to_representation(self, value):
        return value


class TermNamesField(serializers.Field):
    def to_representation(self, value):
        return [term.name for term in value.all()]
