/** The gateway payloads the fake Discord sends on its own: READY and GUILD_CREATE. */

/** The @everyone permissions of a newly created server. */
const EVERYONE_PERMISSIONS = "104324673";

/** A bot user object. */
export function botUser(id: string): Record<string, unknown> {
  return {
    id,
    username: "letterbot",
    discriminator: "0",
    global_name: null,
    avatar: null,
    bot: true,
    verified: true,
    mfa_enabled: false,
    flags: 0,
  };
}

/** READY: the session, the bot user, the application, and every guild as unavailable. */
export function readyPayload(options: {
  botUserId: string;
  applicationId: string;
  guilds: { id: string }[];
  sessionId: string;
  resumeUrl: string;
}): Record<string, unknown> {
  return {
    v: 10,
    user: botUser(options.botUserId),
    guilds: options.guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: options.sessionId,
    session_type: "normal",
    resume_gateway_url: options.resumeUrl,
    shard: [0, 1],
    application: { id: options.applicationId, flags: 0 },
    private_channels: [],
    presences: [],
    relationships: [],
    user_settings: {},
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
  };
}

/** GUILD_CREATE for a small guild with text channels and the bot as its only member. */
export function guildCreate(
  guild: { id: string; channels: string[] },
  botUserId: string,
): Record<string, unknown> {
  return {
    id: guild.id,
    name: "Test server",
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: "1",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: "en-US",
    features: [],
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    joined_at: new Date(0).toISOString(),
    large: false,
    unavailable: false,
    member_count: 1,
    roles: [
      {
        id: guild.id,
        name: "@everyone",
        color: 0,
        hoist: false,
        position: 0,
        permissions: EVERYONE_PERMISSIONS,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    members: [
      {
        user: botUser(botUserId),
        roles: [],
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
    ],
    channels: guild.channels.map((id, position) => ({
      id,
      type: 0,
      guild_id: guild.id,
      name: `channel-${position}`,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    })),
    threads: [],
    emojis: [],
    stickers: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
