{% load static %}<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS or Atom feed of Pedagogsajten as a readable Swedish page when it is opened in a
     browser (blog/feeds.py names it in every feed). Feed readers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>

  <xsl:template match="/">
    <html lang="sv">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> – RSS-flöde</title>
        <link rel="stylesheet" href="{% static 'css/site.css' %}"/>
      </head>
      <body>
        <a class="skip-link" href="#innehall">Hoppa till innehållet</a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class="site-header__logo" href="/">
              <span class="site-header__name">Pedagogsajten</span>
              <span class="site-header__tagline">Delakultur i Familjen Helsingborg</span>
            </a>
          </div>
        </header>
        <main id="innehall" tabindex="-1">
          <div class="wrap wrap--narrow feeds">
            <p class="feeds__kind">RSS-flöde</p>
            <h1><xsl:value-of select="$title"/></h1>
            <div class="feeds__explanation">
              <h2>Vad är det här?</h2>
              <p>Det här är ett <strong>flöde</strong>: en adress som en flödesläsare (till exempel Feedly, Inoreader, NetNewsWire eller Thunderbird) hämtar nya artiklar från. Kopiera adressen nedan och klistra in den i din flödesläsare, så ser du nya artiklar från Pedagogsajten där. Ingen e-postadress behövs.</p>
              <xsl:if test="$self">
                <p><label for="flodets-adress">Flödets adress</label><br/>
                  <input id="flodets-adress" class="feeds__address" type="text" readonly="readonly" value="{$self}"/></p>
              </xsl:if>
              <p><a href="{% url 'blog:feeds' %}">Alla Pedagogsajtens flöden</a> · <a href="{% url 'subscriptions:subscribe' %}">Få nya artiklar med e-post i stället</a></p>
            </div>
            <h2>Senaste artiklarna</h2>
            <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <article class="feeds__item">
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <p class="feeds__date"><xsl:call-template name="rss-date"><xsl:with-param name="date" select="pubDate"/></xsl:call-template></p>
      <p><xsl:value-of select="description"/></p>
    </article>
  </xsl:template>

  <xsl:template match="atom:entry">
    <article class="feeds__item">
      <h3><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <p class="feeds__date"><xsl:value-of select="substring(atom:published | atom:updated[not(../atom:published)], 1, 10)"/></p>
      <p><xsl:value-of select="atom:summary"/></p>
    </article>
  </xsl:template>

  <!-- "Mon, 06 Apr 2026 10:00:00 +0200" becomes "6 april 2026". -->
  <xsl:template name="rss-date">
    <xsl:param name="date"/>
    <xsl:variable name="month" select="substring($date, 9, 3)"/>
    <xsl:value-of select="number(substring($date, 6, 2))"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$month = 'Jan'">januari</xsl:when>
      <xsl:when test="$month = 'Feb'">februari</xsl:when>
      <xsl:when test="$month = 'Mar'">mars</xsl:when>
      <xsl:when test="$month = 'Apr'">april</xsl:when>
      <xsl:when test="$month = 'May'">maj</xsl:when>
      <xsl:when test="$month = 'Jun'">juni</xsl:when>
      <xsl:when test="$month = 'Jul'">juli</xsl:when>
      <xsl:when test="$month = 'Aug'">augusti</xsl:when>
      <xsl:when test="$month = 'Sep'">september</xsl:when>
      <xsl:when test="$month = 'Oct'">oktober</xsl:when>
      <xsl:when test="$month = 'Nov'">november</xsl:when>
      <xsl:when test="$month = 'Dec'">december</xsl:when>
    </xsl:choose>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($date, 13, 4)"/>
  </xsl:template>
</xsl:stylesheet>
